using System.Globalization;
using System.Net;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>Where requests go: one route of one server (the node or the bare baseline), with the path of every stored
/// call id prepared up front and a token sent with each request. It remembers which ids were asked for already, so
/// the first request for a call (which starts its actor from the journal) can be told from the others.</summary>
internal sealed class LoadTarget
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Uri _address;
    private readonly string _token;
    private readonly Uri[] _paths;
    private readonly int[] _requested;

    public LoadTarget(string label, Uri address, string token, ApiRoute route, string accountId, IReadOnlyList<string> callIds)
    {
        Label = label;
        _address = address;
        _token = token;
        _paths = [.. callIds.Select(id => new Uri(route.PathFor(accountId, id), UriKind.Relative))];
        _requested = new int[_paths.Length];
    }

    public string Label { get; }

    public int Ids => _paths.Length;

    /// <summary>True the first time <paramref name="id"/> is asked for through this target.</summary>
    public bool FirstRequestFor(int id) => Interlocked.Exchange(ref _requested[id], 1) == 0;

    /// <summary>A client keeping at most <paramref name="connections"/> connections open (HTTP/1.1, one request per
    /// connection at a time), no proxy, no cookies.</summary>
    public HttpClient CreateClient(int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = _address, Timeout = RequestTimeout };
        client.DefaultRequestHeaders.Add("X-Auth-Token", _token);
        return client;
    }

    /// <summary>GETs <paramref name="id"/>'s path and reads the whole body; anything but a 200 goes to
    /// <paramref name="failures"/>.</summary>
    public async Task GetAsync(HttpClient client, int id, FailureLog failures)
    {
        try
        {
            using var response = await client.GetAsync(_paths[id], HttpCompletionOption.ResponseContentRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsStringAsync();
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{Label} GET {_paths[id]}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}"));
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            failures.Add($"{Label} GET {_paths[id]}: {e.GetType().Name}: {e.Message}");
        }
    }
}
