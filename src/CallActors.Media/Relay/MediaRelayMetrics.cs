using System.Diagnostics.Metrics;

namespace CallActors.Media.Relay;

/// <summary>The relay's instruments on the "CallActors.Media" meter, read from every live <see cref="MediaRelay"/>
/// when collected, so the packet path has nothing more to count.</summary>
internal static class MediaRelayMetrics
{
    public const string MeterName = "CallActors.Media";

    private static readonly Lock Gate = new();
    private static readonly List<MediaRelay> Live = [];
    private static readonly RelayLegCounters Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static readonly Meter Meter = new(MeterName);

    // Counts of relays already disposed, kept so that the counters never go back when one is.
    private static RelayLegCounters _retired = Zero;

    public static readonly ObservableCounter<long> Packets = Meter.CreateObservableCounter(
        "callactors.media.relay.packets",
        ObservePackets,
        unit: "{packet}",
        description: "RTP and RTCP packets the relay forwarded, by kind.");

    public static readonly ObservableCounter<long> Drops = Meter.CreateObservableCounter(
        "callactors.media.relay.drops",
        ObserveDrops,
        unit: "{packet}",
        description: "Packets the relay dropped or could not send, by reason.");

    public static readonly ObservableGauge<int> Sessions = Meter.CreateObservableGauge(
        "callactors.media.relay.sessions",
        ObserveSessions,
        unit: "{session}",
        description: "Relay sessions (calls with media) open now.");

    public static void Register(MediaRelay relay)
    {
        lock (Gate)
        {
            Live.Add(relay);
        }
    }

    /// <summary>Called once the relay's workers have stopped, so its counts are final.</summary>
    public static void Unregister(MediaRelay relay)
    {
        lock (Gate)
        {
            if (Live.Remove(relay))
            {
                _retired = Add(_retired, relay.Totals.Packets);
            }
        }
    }

    /// <summary>Every relay's counters since the process started, the disposed ones' included.</summary>
    public static RelayLegCounters Totals()
    {
        lock (Gate)
        {
            var sum = _retired;
            foreach (var relay in Live)
            {
                sum = Add(sum, relay.Totals.Packets);
            }

            return sum;
        }
    }

    public static int OpenSessions()
    {
        lock (Gate)
        {
            return Live.Sum(r => r.OpenSessions);
        }
    }

    private static IEnumerable<Measurement<long>> ObservePackets()
    {
        var totals = Totals();
        return
        [
            new(totals.RtpSent, new KeyValuePair<string, object?>("kind", "rtp")),
            new(totals.RtcpSent, new KeyValuePair<string, object?>("kind", "rtcp")),
        ];
    }

    private static IEnumerable<Measurement<long>> ObserveDrops()
    {
        var totals = Totals();
        return
        [
            new(totals.DroppedMalformed, new KeyValuePair<string, object?>("reason", "malformed")),
            new(totals.DroppedOversized, new KeyValuePair<string, object?>("reason", "oversized")),
            new(totals.DroppedUnexpectedSource, new KeyValuePair<string, object?>("reason", "unexpected_source")),
            new(totals.DroppedNoDestination, new KeyValuePair<string, object?>("reason", "no_destination")),
            new(totals.SendErrors, new KeyValuePair<string, object?>("reason", "send_error")),
        ];
    }

    private static Measurement<int> ObserveSessions() => new(OpenSessions());

    private static RelayLegCounters Add(RelayLegCounters a, RelayLegCounters b) => new(
        a.RtpReceived + b.RtpReceived,
        a.RtcpReceived + b.RtcpReceived,
        a.BytesReceived + b.BytesReceived,
        a.RtpSent + b.RtpSent,
        a.RtcpSent + b.RtcpSent,
        a.BytesSent + b.BytesSent,
        a.DroppedMalformed + b.DroppedMalformed,
        a.DroppedOversized + b.DroppedOversized,
        a.DroppedUnexpectedSource + b.DroppedUnexpectedSource,
        a.DroppedNoDestination + b.DroppedNoDestination,
        a.SendErrors + b.SendErrors);
}
