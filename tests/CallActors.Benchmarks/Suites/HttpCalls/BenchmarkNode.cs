using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallActors.Actors;
using CallActors.Calls;
using CallActors.Edge.Hosting;
using CallActors.Node;
using CallActors.Node.Admin;
using CallActors.Node.Commands;
using CallActors.Node.Configuration;
using CallActors.Persistence;
using CallActors.Persistence.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>A whole node in this process, as <c>callactors node</c> composes it (SQLite journal and read model in a
/// temp folder deleted on dispose, SIP and HTTP on ephemeral ports, media relay off, console logging at Warning), with
/// what the suite needs to prepare it: an account, a token, calls written straight into its journal.</summary>
internal sealed class BenchmarkNode : IAsyncDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly IHost _host;

    private BenchmarkNode(DirectoryInfo folder, IHost host)
    {
        _folder = folder;
        _host = host;
        var admin = (NodeAdminCommands)host.Services.GetRequiredService<IAdminCommands>();
        Edge = admin.Edge ?? throw new InvalidOperationException("the node's HTTP edge did not start");
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public EdgeNode Edge { get; }

    public ActorSystem System { get; }

    public static async Task<BenchmarkNode> StartAsync(IPAddress address)
    {
        var folder = Directory.CreateTempSubdirectory("callactors-http-calls-");
        try
        {
            string[] arguments =
            [
                "node", "--data-dir", Path.Combine(folder.FullName, "data"),
                "--set", $"callactors.sip.bind-address=\"{address}\"", "--set", "callactors.sip.port=0",
                "--set", $"callactors.crossbar.bind-address=\"{address}\"", "--set", "callactors.crossbar.port=0",
                "--set", "callactors.media.relay=off",
                // The node logs each request's start at Information; the suite's output is its figures.
                "--set", "Logging.LogLevel.Default=Warning",
            ];
            var (configuration, options) = NodeConfiguration.Load(NodeArguments.Parse(arguments));
            Directory.CreateDirectory(options.DataDir);
            var host = NodeHost.Build(configuration, options);
            await host.StartAsync();
            return new BenchmarkNode(folder, host);
        }
        catch
        {
            folder.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Creates an account as <c>callactors sup crossbar_maintenance create_account</c> does and returns a
    /// token for it (<c>PUT /v2/api_auth</c> with its API key).</summary>
    public async Task<(string AccountId, string Token)> CreateAccountAsync(string name, string realm)
    {
        var (exit, output) = await Edge.Maintenance.RunAsync("create_account", [name, realm], CancellationToken.None);
        if (exit != 0)
        {
            throw new InvalidOperationException($"create_account {name} {realm}: exit {exit}: {output}");
        }
        var account = JsonNode.Parse(output)!;
        using var client = new HttpClient { BaseAddress = Edge.Address };
        using var response = await client.PutAsJsonAsync("/v2/api_auth", new { data = new { api_key = (string)account["api_key"]! } });
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? ((string)account["account_id"]!, (string)JsonNode.Parse(body)!["auth_token"]!)
            : throw new InvalidOperationException($"PUT /v2/api_auth: {(int)response.StatusCode} {body}");
    }

    /// <summary>Writes the calls' events into the journal, <paramref name="callsPerWrite"/> calls (one atomic write
    /// each) per journal transaction, then waits for the read model to take them all in.</summary>
    public async Task StoreCallsAsync(IReadOnlyList<StoredCall> calls, int callsPerWrite)
    {
        var persistence = PersistenceExtension.Get(System);
        foreach (var chunk in calls.Chunk(callsPerWrite))
        {
            var writes = chunk.Select(call => new AtomicWrite(call.Events().Select((e, i) =>
            {
                var (manifest, payload) = persistence.Serializer.Serialize(e);
                return new PersistentRepresentation(CallActor.PersistenceIdFor(call.CallId), i + 1, manifest, payload, "http-calls", call.CreatedAt, []);
            }).ToList())).ToList();
            var results = await persistence.Journal.WriteAsync(writes);
            if (results.FirstOrDefault(r => r is not null) is { } rejected)
            {
                throw new InvalidOperationException("the journal rejected a call while preparing the http-calls suite", rejected);
            }
        }
        await Edge.Services.Projector.CatchUpAsync();
    }

    /// <summary>How many call actors are alive (started by a query and not yet passivated).</summary>
    public async Task<int> CountCallActorsAsync()
    {
        var actors = await Edge.Services.CallsDirectory.Ask<IActorRef[]>(CallsActor.GetCallActors.Instance, TimeSpan.FromSeconds(10));
        return actors.Length;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        finally
        {
            _folder.Delete(recursive: true);
        }
    }
}
