using CallActors.Calls.Media;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Media samples with chosen inbound counts: how many media packets each leg sent the node, and when its
/// last packet arrived.</summary>
internal static class MediaSamples
{
    /// <summary>A sample at <paramref name="at"/>: the caller sent <paramref name="fromCaller"/> media packets (the last
    /// at <paramref name="callerLast"/>), the callee <paramref name="fromCallee"/>.</summary>
    public static MediaStatsSampled Sample(
        DateTimeOffset at, long fromCaller, long fromCallee, DateTimeOffset? callerLast = null, DateTimeOffset? calleeLast = null) =>
        new(at, true, new CallMediaSample(
            Leg(fromCaller, fromCallee, callerLast ?? at, "198.51.100.7:40000", "203.0.113.10:30000"),
            Leg(fromCallee, fromCaller, calleeLast ?? at, "192.0.2.44:40000", "203.0.113.10:30002")));

    private static MediaLegSample Leg(long received, long forwarded, DateTimeOffset last, string remote, string local)
    {
        var firstNanos = received == 0 ? (long?)null : (last - TimeSpan.FromMilliseconds(20 * (received - 1)) - DateTimeOffset.UnixEpoch).Ticks * 100;
        var lastNanos = received == 0 ? (long?)null : (last - DateTimeOffset.UnixEpoch).Ticks * 100;
        var inbound = new InboundStreamSnapshot(
            Counts(received), 0, received == 0 ? null : new CodecSnapshot("PCMU", 0, 8000, 8000), null,
            received == 0 ? null : 0x5EED1234u, 0, firstNanos, lastNanos, null, null, null, []);
        var outbound = new OutboundStreamSnapshot(Counts(forwarded), null, null);
        var figures = new MediaLegSnapshot(inbound, outbound, null, (received == 0) != (forwarded == 0));
        var relay = new RelayLegCounters(received, 0, received * 172, forwarded, 0, forwarded * 172, 0, 0, 0, 0, 0);
        return new MediaLegSample(figures, remote, local, relay);
    }

    // 160 bytes of PCMU plus the 12-byte RTP header per 20 ms packet.
    private static MediaPacketCounts Counts(long media) => new(media, media * 172, media, media * 172, 0, 0, 0, 0, 0);
}
