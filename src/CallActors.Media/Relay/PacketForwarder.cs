using Microsoft.Extensions.Logging;

namespace CallActors.Media.Relay;

/// <summary>A worker's packet path: reads one batch from a ready socket, validates, latches, shows each packet to the
/// session's observer and forwards it from the opposite leg's socket, counting every outcome. Worker thread only.</summary>
internal sealed unsafe class PacketForwarder : IDisposable
{
    private readonly ReceiveBatch _receive;
    private readonly SendBatch _send;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public PacketForwarder(MediaRelayOptions options, TimeProvider time, ILogger logger)
    {
        _receive = new ReceiveBatch(options.BatchSize, options.MaxPacketBytes);
        _send = new SendBatch(options.BatchSize);
        _time = time;
        _logger = logger;
    }

    /// <summary>What this worker relayed, summed over all its sessions.</summary>
    public RelayCounterSet Totals { get; } = new();

    /// <summary>Reads at most one batch from <paramref name="leg"/>'s RTP or RTCP socket and forwards what it may.</summary>
    public void ReceiveFrom(RelaySession session, RelayLeg leg, bool rtcpSocket)
    {
        var socket = rtcpSocket ? leg.RtcpSocket : leg.RtpSocket;
        var count = _receive.Receive(socket.Fd);
        if (count == 0)
        {
            return;
        }

        var now = _time.GetTimestamp();
        long fallbackArrival = 0;
        for (var i = 0; i < count; i++)
        {
            Handle(session, leg, socket, rtcpSocket, i, now, ref fallbackArrival);
        }

        Flush(session);
    }

    public void Dispose()
    {
        _receive.Dispose();
        _send.Dispose();
    }

    private void Handle(RelaySession session, RelayLeg leg, RelaySocket socket, bool rtcpSocket, int index, long now, ref long fallbackArrival)
    {
        if (_receive.IsTruncated(index))
        {
            Count(leg, RelayCounter.DroppedOversized);
            return;
        }

        var packet = _receive.Packet(index);
        var kind = RelayPacketClassifier.Classify(packet);
        if (kind == RelayPacketKind.Malformed || (rtcpSocket && kind == RelayPacketKind.Rtp))
        {
            Count(leg, RelayCounter.DroppedMalformed);
            return;
        }

        var peer = leg.Peer;
        if (!socket.Latch.Admit(_receive.Source(index), rtcpSocket ? peer.Rtcp : peer.Rtp, peer.Generation, now))
        {
            Count(leg, RelayCounter.DroppedUnexpectedSource);
            return;
        }

        if (!_receive.TryGetArrival(index, out var arrival))
        {
            if (fallbackArrival == 0)
            {
                fallbackArrival = Libc.RealtimeUnixNanos();
            }

            arrival = fallbackArrival;
        }

        Count(leg, RelayCounter.BytesReceived, packet.Length);
        var to = session.Opposite(leg);
        RelaySocket? from;
        RelayAddress destination;
        if (kind == RelayPacketKind.Rtp)
        {
            Count(leg, RelayCounter.RtpReceived);
            leg.RecordRtpArrival(arrival);
            NotifyReceived(session, leg.Side, packet, arrival, rtcp: false);
            from = to.TryGetRtpDestination(out destination) ? to.RtpSocket : null;
        }
        else
        {
            Count(leg, RelayCounter.RtcpReceived);
            NotifyReceived(session, leg.Side, packet, arrival, rtcp: true);
            from = to.TryGetRtcpRoute(out destination);
        }

        if (from is null)
        {
            Count(to, RelayCounter.DroppedNoDestination);
            return;
        }

        if (_send.Count > 0 && (_send.Fd != from.Fd || _send.IsFull))
        {
            Flush(session);
        }

        _send.Add(from.Fd, _receive.PacketPointer(index), packet.Length, destination, to, kind == RelayPacketKind.Rtcp);
    }

    // A failed packet is counted and skipped; the rest of the batch is still sent.
    private void Flush(RelaySession session)
    {
        long sentAt = 0;
        var start = 0;
        while (start < _send.Count)
        {
            var sent = _send.Send(start, out var errno);
            if (sent <= 0)
            {
                if (errno != Libc.EINTR)
                {
                    Count(_send.To(start), RelayCounter.SendErrors);
                    start++;
                }

                continue;
            }

            for (var i = start; i < start + sent; i++)
            {
                var to = _send.To(i);
                var packet = _send.Packet(i);
                Count(to, RelayCounter.BytesSent, packet.Length);
                if (_send.IsRtcp(i))
                {
                    Count(to, RelayCounter.RtcpSent);
                    sentAt = sentAt != 0 ? sentAt : Libc.RealtimeUnixNanos();
                    NotifyRtcpSent(session, to.Side, packet, sentAt);
                }
                else
                {
                    Count(to, RelayCounter.RtpSent);
                    NotifyRtpSent(session, to.Side, packet);
                }
            }

            start += sent;
        }

        _send.Clear();
    }

    private void Count(RelayLeg leg, RelayCounter counter, long amount = 1)
    {
        leg.CounterSet.Add(counter, amount);
        Totals.Add(counter, amount);
    }

    private void NotifyReceived(RelaySession session, RelayLegSide from, ReadOnlySpan<byte> packet, long arrival, bool rtcp)
    {
        try
        {
            if (rtcp)
            {
                session.Observer.OnRtcp(from, packet, arrival);
            }
            else
            {
                session.Observer.OnRtp(from, packet, arrival);
            }
        }
        catch (Exception e)
        {
            ReportObserverFailure(session, e, rtcp ? nameof(IRelayPacketObserver.OnRtcp) : nameof(IRelayPacketObserver.OnRtp));
        }
    }

    private void NotifyRtpSent(RelaySession session, RelayLegSide to, ReadOnlySpan<byte> packet)
    {
        try
        {
            session.Observer.OnRtpSent(to, packet);
        }
        catch (Exception e)
        {
            ReportObserverFailure(session, e, nameof(IRelayPacketObserver.OnRtpSent));
        }
    }

    private void NotifyRtcpSent(RelaySession session, RelayLegSide to, ReadOnlySpan<byte> packet, long sentAt)
    {
        try
        {
            session.Observer.OnRtcpSent(to, packet, sentAt);
        }
        catch (Exception e)
        {
            ReportObserverFailure(session, e, nameof(IRelayPacketObserver.OnRtcpSent));
        }
    }

    private void ReportObserverFailure(RelaySession session, Exception exception, string callback)
    {
        if (session.ObserverFailures.TryEnter(out var suppressed))
        {
            RelayLog.ObserverFailed(_logger, exception, session.Name, callback, suppressed);
        }
    }
}
