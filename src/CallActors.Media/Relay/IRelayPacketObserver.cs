namespace CallActors.Media.Relay;

/// <summary>Sees every packet a <see cref="RelaySession"/> accepts and forwards (quality statistics, recording, DTMF).</summary>
/// <remarks>Called on the session's relay worker thread, never concurrently for one session. The spans point into the
/// worker's receive buffers and are only valid during the call. An exception is logged and the packet relayed anyway.</remarks>
public interface IRelayPacketObserver
{
    /// <summary>Valid RTP from the leg's accepted source, before it is forwarded; <paramref name="arrivalUnixNanos"/> is
    /// the kernel's receive time (CLOCK_REALTIME), nanoseconds since the Unix epoch.</summary>
    void OnRtp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos);

    /// <summary>Valid RTCP from the leg's accepted source (on the RTCP port, or demultiplexed on the RTP port per
    /// RFC 5761), before it is forwarded.</summary>
    void OnRtcp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos);

    /// <summary>RTP the kernel accepted for sending toward leg <paramref name="to"/>.</summary>
    void OnRtpSent(RelayLegSide to, ReadOnlySpan<byte> packet);

    /// <summary>RTCP the kernel accepted for sending toward leg <paramref name="to"/>, at <paramref name="sentUnixNanos"/>
    /// (CLOCK_REALTIME, nanoseconds since the Unix epoch).</summary>
    void OnRtcpSent(RelayLegSide to, ReadOnlySpan<byte> packet, long sentUnixNanos);
}
