using System.Net;

namespace CallActors.Media.Relay;

/// <summary>One side of a relay session: its local RTP/RTCP ports, where its SDP says it receives, the sources it
/// latched to and its counters.</summary>
public sealed class RelayLeg
{
    private readonly Lock _peerLock = new();
    private readonly RelayPortAllocator _ports;
    private RelayPeer _peer = RelayPeer.None;
    private long _lastRtpReceivedUnixNanos;

    private RelayLeg(RelayLegSide side, int port, RelaySocket rtp, RelaySocket rtcp, RelayPortAllocator ports)
    {
        Side = side;
        Port = port;
        RtpSocket = rtp;
        RtcpSocket = rtcp;
        _ports = ports;
    }

    public RelayLegSide Side { get; }

    /// <summary>The bind address and the leg's even port: what our SDP toward this leg advertises.</summary>
    public IPEndPoint LocalRtp => RtpSocket.LocalEndPoint;

    /// <summary>The RTP port + 1.</summary>
    public IPEndPoint LocalRtcp => RtcpSocket.LocalEndPoint;

    /// <summary>The source RTP from this leg is accepted from; null until its first valid packet after the last
    /// <see cref="SetPeer"/>.</summary>
    public IPEndPoint? LatchedRtpSource => RtpSocket.Latch.GetLatched(Peer.Generation);

    /// <summary>Kernel receive time of the latest valid RTP from the leg, nanoseconds since the Unix epoch; 0 before any.</summary>
    public long LastRtpReceivedUnixNanos => Volatile.Read(ref _lastRtpReceivedUnixNanos);

    public RelayLegCounters Counters => CounterSet.ToLegCounters();

    internal int Port { get; }

    internal RelaySocket RtpSocket { get; }

    internal RelaySocket RtcpSocket { get; }

    internal RelayCounterSet CounterSet { get; } = new();

    internal RelayPeer Peer => Volatile.Read(ref _peer);

    /// <summary>Takes this leg's SDP: where it said it receives. A null or port-0 or 0.0.0.0 <paramref name="rtp"/> is
    /// no destination (until the leg sends and is latched); a null <paramref name="rtcp"/> means RTP port + 1, or the RTP
    /// port with <paramref name="rtcpMux"/>. Latching starts over. Thread-safe.</summary>
    public void SetPeer(IPEndPoint? rtp, IPEndPoint? rtcp, bool rtcpMux)
    {
        lock (_peerLock)
        {
            Volatile.Write(ref _peer, RelayPeer.Create(_peer.Generation + 1, rtp, rtcp, rtcpMux));
        }
    }

    /// <summary>Binds the leg's RTP and RTCP sockets on <paramref name="port"/> and the port above; null when either is taken.</summary>
    internal static RelayLeg? TryOpen(RelayLegSide side, int port, MediaRelayOptions options, long relearnAfterTimestamps, RelayPortAllocator ports)
    {
        var rtp = RelaySocket.TryBind(new IPEndPoint(options.BindAddress, port), options.SocketReceiveBufferBytes, relearnAfterTimestamps);
        if (rtp is null)
        {
            return null;
        }

        try
        {
            var rtcp = RelaySocket.TryBind(new IPEndPoint(options.BindAddress, port + 1), options.SocketReceiveBufferBytes, relearnAfterTimestamps);
            if (rtcp is not null)
            {
                return new RelayLeg(side, port, rtp, rtcp, ports);
            }
        }
        catch
        {
            rtp.Dispose();
            throw;
        }

        rtp.Dispose();
        return null;
    }

    internal void RecordRtpArrival(long unixNanos) => Volatile.Write(ref _lastRtpReceivedUnixNanos, unixNanos);

    /// <summary>Where RTP toward this leg goes: the latched RTP source, else the SDP's RTP endpoint.</summary>
    internal bool TryGetRtpDestination(out RelayAddress destination) => TryGetRtpDestination(Peer, out destination);

    /// <summary>Which socket RTCP toward this leg leaves from and where it goes: the RTP socket and RTP destination when
    /// the leg multiplexes, else the RTCP socket to its latched source or the SDP's RTCP endpoint.</summary>
    internal RelaySocket? TryGetRtcpRoute(out RelayAddress destination)
    {
        var peer = Peer;
        if (peer.RtcpMux)
        {
            return TryGetRtpDestination(peer, out destination) ? RtpSocket : null;
        }

        if (!RtcpSocket.Latch.TryGetSource(peer.Generation, out destination))
        {
            destination = peer.Rtcp;
        }

        return destination.IsEmpty ? null : RtcpSocket;
    }

    /// <summary>Closes both sockets and returns the port pair to the pool; the worker has already stopped watching them.</summary>
    internal void Close()
    {
        RtpSocket.Dispose();
        RtcpSocket.Dispose();
        _ports.Release(Port);
    }

    private bool TryGetRtpDestination(RelayPeer peer, out RelayAddress destination)
    {
        if (!RtpSocket.Latch.TryGetSource(peer.Generation, out destination))
        {
            destination = peer.Rtp;
        }

        return !destination.IsEmpty;
    }
}
