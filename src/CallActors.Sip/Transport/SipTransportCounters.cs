using System.Diagnostics.Metrics;

namespace CallActors.Sip.Transport;

/// <summary>Running totals of one <see cref="SipTransport"/> (the same events also go to the "CallActors.Sip"
/// meter, summed over every transport of the process).</summary>
public sealed class SipTransportCounters
{
    private static readonly KeyValuePair<string, object?> Udp = new("protocol", "udp");
    private static readonly KeyValuePair<string, object?> Tcp = new("protocol", "tcp");

    private long _received;
    private long _sent;
    private long _rejected;
    private long _dropped;
    private long _keepAlives;
    private long _tcpConnectionsOpened;
    private long _tcpConnectionsClosed;
    private long _tcpConnectionsRefused;
    private long _sendErrors;

    /// <summary>Messages received and parsed (including those then dropped because the queue was full).</summary>
    public long Received => Volatile.Read(ref _received);

    /// <summary>Messages handed to a socket.</summary>
    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Received messages that did not parse or broke a limit.</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    /// <summary>Parsed messages dropped because the receive queue was full.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>CRLF keepalives received (UDP datagrams, TCP double-CRLF pings).</summary>
    public long KeepAlives => Volatile.Read(ref _keepAlives);

    public long TcpConnectionsOpened => Volatile.Read(ref _tcpConnectionsOpened);

    public long TcpConnectionsClosed => Volatile.Read(ref _tcpConnectionsClosed);

    /// <summary>TCP connections refused because <see cref="SipTransportOptions.MaxTcpConnections"/> were open.</summary>
    public long TcpConnectionsRefused => Volatile.Read(ref _tcpConnectionsRefused);

    /// <summary>Messages that could not be sent.</summary>
    public long SendErrors => Volatile.Read(ref _sendErrors);

    public override string ToString() =>
        $"received {Received}, sent {Sent}, rejected {Rejected}, dropped {Dropped}, keepalives {KeepAlives}, "
        + $"tcp opened {TcpConnectionsOpened}, closed {TcpConnectionsClosed}, refused {TcpConnectionsRefused}, "
        + $"send errors {SendErrors}";

    internal void AddReceived(SipProtocol protocol) => Add(ref _received, SipTransportMetrics.Received, protocol);

    internal void AddSent(SipProtocol protocol) => Add(ref _sent, SipTransportMetrics.Sent, protocol);

    internal void AddRejected(SipProtocol protocol) => Add(ref _rejected, SipTransportMetrics.Rejected, protocol);

    internal void AddDropped(SipProtocol protocol) => Add(ref _dropped, SipTransportMetrics.Dropped, protocol);

    internal void AddSendError(SipProtocol protocol) => Add(ref _sendErrors, SipTransportMetrics.SendErrors, protocol);

    internal void AddKeepAlive() => Interlocked.Increment(ref _keepAlives);

    internal void AddTcpConnectionOpened() => Interlocked.Increment(ref _tcpConnectionsOpened);

    internal void AddTcpConnectionClosed() => Interlocked.Increment(ref _tcpConnectionsClosed);

    internal void AddTcpConnectionRefused() => Interlocked.Increment(ref _tcpConnectionsRefused);

    private static void Add(ref long total, Counter<long> instrument, SipProtocol protocol)
    {
        Interlocked.Increment(ref total);
        if (instrument.Enabled)
        {
            instrument.Add(1, protocol == SipProtocol.Udp ? Udp : Tcp);
        }
    }
}
