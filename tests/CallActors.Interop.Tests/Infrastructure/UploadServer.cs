using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>A local HTTP server that takes recordings by PUT, as a customer's storage would: it answers 201 to a
/// complete body and keeps each delivery (path, length, SHA-256, Digest header), and answers HEAD for what it holds
/// (200 with the length, else 404). It can read the first request slowly (so a test can kill the node mid-upload); a
/// request whose body breaks off is counted as an interrupted attempt.</summary>
internal sealed class UploadServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly TimeSpan _firstRequestDelayPerKilobyte;
    private int _requests;
    private int _interrupted;
    private long _inFlight;

    private UploadServer(string prefix, TimeSpan firstRequestDelayPerKilobyte)
    {
        _firstRequestDelayPerKilobyte = firstRequestDelayPerKilobyte;
        _listener.Prefixes.Add(prefix);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    public int InterruptedRequests => Volatile.Read(ref _interrupted);

    /// <summary>Body bytes received so far on requests not yet finished.</summary>
    public long BytesInFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Listens on <c>http://{address}:{port}/</c>.</summary>
    public static UploadServer Start(string address, int port, TimeSpan? firstRequestDelayPerKilobyte = null) =>
        new($"http://{address}:{port}/", firstRequestDelayPerKilobyte ?? TimeSpan.Zero);

    public Delivery WaitForDelivery(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Deliveries.TryPeek(out var delivery))
            {
                return delivery;
            }
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"no recording was delivered within {timeout.TotalSeconds:0} s");
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        if (request.HttpMethod == "HEAD")
        {
            var held = Deliveries.LastOrDefault(d => d.Path == request.Url!.AbsolutePath);
            context.Response.StatusCode = held is null ? 404 : 200;
            context.Response.ContentLength64 = held?.Body.Length ?? 0;
            context.Response.Close();
            return;
        }
        var first = Interlocked.Increment(ref _requests) == 1;
        var body = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var read = await request.InputStream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                body.Write(buffer, 0, read);
                Interlocked.Add(ref _inFlight, read);
                if (first && _firstRequestDelayPerKilobyte > TimeSpan.Zero)
                {
                    await Task.Delay(_firstRequestDelayPerKilobyte, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Interlocked.Increment(ref _interrupted);
            Interlocked.Add(ref _inFlight, -body.Length);
            return;
        }
        Interlocked.Add(ref _inFlight, -body.Length);
        if (request.HttpMethod != "PUT" || (request.ContentLength64 >= 0 && body.Length != request.ContentLength64))
        {
            Interlocked.Increment(ref _interrupted);
            context.Response.StatusCode = 400;
            context.Response.Close();
            return;
        }
        var bytes = body.ToArray();
        Deliveries.Enqueue(new Delivery(
            request.Url!.AbsolutePath,
            request.ContentType,
            bytes,
            Convert.ToHexStringLower(SHA256.HashData(bytes)),
            request.Headers["Digest"]));
        context.Response.StatusCode = 201;
        context.Response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    /// <summary>One complete PUT.</summary>
    public sealed record Delivery(string Path, string? ContentType, byte[] Body, string Sha256, string? Digest);
}
