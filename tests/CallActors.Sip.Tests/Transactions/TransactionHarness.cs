using System.Net;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using CallActors.TestKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Sip.Tests.Transactions;

/// <summary>A transaction layer over a fake transport, a recording user and a manual clock.</summary>
internal sealed class TransactionHarness
{
    /// <summary>Our socket.</summary>
    public static readonly IPEndPoint Local = new(IPAddress.Parse("192.0.2.10"), 5060);

    /// <summary>The peer over UDP, as the packets come from it (behind a NAT: not what its Via says).</summary>
    public static readonly SipEndPoint PeerUdp = new(SipProtocol.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000));

    public static readonly SipEndPoint PeerTcp = new(SipProtocol.Tcp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40001));

    private readonly DateTimeOffset _start;

    public TransactionHarness(SipTimerOptions? timers = null, ILogger<SipTransactionLayer>? logger = null)
    {
        Time = new ManualTimeProvider();
        _start = Time.GetUtcNow();
        Transport = new FakeTransport(Time);
        User = new RecordingTransactionUser(Time);
        Layer = new SipTransactionLayer(Transport, User, timers ?? new SipTimerOptions(), Time, logger ?? NullLogger<SipTransactionLayer>.Instance);
    }

    public ManualTimeProvider Time { get; }

    public FakeTransport Transport { get; }

    public RecordingTransactionUser User { get; }

    public SipTransactionLayer Layer { get; }

    public long NowMilliseconds => (long)(Time.GetUtcNow() - _start).TotalMilliseconds;

    /// <summary>Moves the clock to <paramref name="milliseconds"/> after the start, firing due timers.</summary>
    public void AdvanceTo(long milliseconds) =>
        Time.Advance(TimeSpan.FromMilliseconds(milliseconds) - (Time.GetUtcNow() - _start));

    /// <summary>Delivers a message as the transport would.</summary>
    public void Receive(SipMessage message, SipEndPoint? from = null) =>
        Layer.OnMessage(new SipInbound(message, from ?? PeerUdp, Local, Time.GetUtcNow()));

    /// <summary>No transaction is left in the tables and no timer is armed.</summary>
    public void AssertNothingLeft()
    {
        Assert.Equal(0, Layer.Count);
        Assert.Equal(0, Time.ActiveTimerCount);
    }
}
