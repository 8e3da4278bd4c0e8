using CallActors.TestKit;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

/// <summary>A started <see cref="SipTransport"/> on one loopback address with an ephemeral port, recording what it
/// delivers, traces and logs.</summary>
internal sealed class TransportUnderTest : IAsyncDisposable
{
    private TransportUnderTest(SipTransport transport, RecordingSink sink, RecordingTrace trace, ListLogger<SipTransport> log)
    {
        Transport = transport;
        Sink = sink;
        Trace = trace;
        Log = log;
    }

    public SipTransport Transport { get; }

    public RecordingSink Sink { get; }

    public RecordingTrace Trace { get; }

    public ListLogger<SipTransport> Log { get; }

    public SipTransportCounters Counters => Transport.Counters;

    public static async Task<TransportUnderTest> StartAsync(
        string address,
        Func<SipTransportOptions, SipTransportOptions>? configure = null,
        TimeProvider? time = null,
        Action<RecordingSink>? prepareSink = null)
    {
        var options = new SipTransportOptions { BindAddress = address, Port = 0 };
        options = configure?.Invoke(options) ?? options;
        var sink = new RecordingSink();
        prepareSink?.Invoke(sink);
        var trace = new RecordingTrace();
        var log = new ListLogger<SipTransport>();
        var transport = new SipTransport(options, sink, trace, time ?? TimeProvider.System, log);
        await transport.StartAsync(CancellationToken.None);
        return new TransportUnderTest(transport, sink, trace, log);
    }

    public async ValueTask DisposeAsync()
    {
        Sink.Release();
        await Transport.DisposeAsync();
    }
}
