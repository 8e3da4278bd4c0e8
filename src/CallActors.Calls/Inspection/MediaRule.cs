using CallActors.Calls.Media;
using CallActors.Calls.Status;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using static CallActors.Calls.Inspection.InspectionText;

namespace CallActors.Calls.Inspection;

/// <summary>Rules 6 and 7, from the latest media sample (the final one once the call ended; counters are cumulative
/// over the call). A call whose media the node did not anchor has no sample and gets no media finding.</summary>
internal static class MediaRule
{
    /// <summary>Rule 6: an answered call where neither leg sent a media packet (DTMF and comfort noise do not count)
    /// is <c>no_audio</c>; where exactly one leg sent none, <c>one_way_audio</c>, naming the silent leg.</summary>
    public static IEnumerable<CallFinding> FindSilence(InspectionContext context)
    {
        if (context.Status.AnsweredAt is null || context.LatestMedia is not { } sampled)
        {
            yield break;
        }
        var caller = MediaPacketsFrom(sampled.Media, CallLeg.Caller);
        var callee = MediaPacketsFrom(sampled.Media, CallLeg.Callee);
        if (caller == 0 && callee == 0)
        {
            yield return new CallFinding(CallFindingTypes.NoAudio, CallFindingSeverities.Error, null, null,
                "neither the caller nor the callee sent a media packet after the answer", null);
        }
        else if (caller == 0 || callee == 0)
        {
            var silent = caller == 0 ? CallLeg.Caller : CallLeg.Callee;
            var sent = caller == 0 ? callee : caller;
            yield return new CallFinding(CallFindingTypes.OneWayAudio, CallFindingSeverities.Error, FailureLocations.Of(silent),
                LegName(silent), $"the {LegName(silent)} sent no media packets while the {LegName(silent.Other())} sent {sent}", null);
        }
    }

    /// <summary>Rule 7: the node hung the call up because a leg's RTP stopped (<c>media_timeout</c>). The silent leg is
    /// the one whose last packet is older (or that never sent one), when the sample tells them apart. The message is
    /// the node's first BYE after the answer.</summary>
    public static IEnumerable<CallFinding> FindTimeout(InspectionContext context)
    {
        var status = context.Status;
        if (status.HangupSource != HangupSource.MediaTimeout)
        {
            yield break;
        }
        var silent = context.LatestMedia is { } sampled ? SilentLeg(sampled.Media) : null;
        var bye = context.First(m => m.Direction == SipTraceDirection.Sent && m.IsRequestOf(SipMethods.Bye) &&
            (status.AnsweredAt is null || m.Timestamp >= status.AnsweredAt));
        var reason = silent is { } leg
            ? $"the node hung up after no RTP from the {LegName(leg)} for the media timeout{LastPacket(context, leg)}"
            : "the node hung up after the RTP stopped for the media timeout";
        yield return new CallFinding(CallFindingTypes.MediaTimeout, CallFindingSeverities.Error,
            silent is { } known ? FailureLocations.Of(known) : null, silent is { } named ? LegName(named) : null, reason, bye?.Index);
    }

    private static long MediaPacketsFrom(CallMediaSample sample, CallLeg leg) =>
        Leg(sample, leg).Figures.Inbound.Counts.MediaPackets;

    private static MediaLegSample Leg(CallMediaSample sample, CallLeg leg) => leg == CallLeg.Caller ? sample.Caller : sample.Callee;

    private static CallLeg? SilentLeg(CallMediaSample sample)
    {
        var caller = sample.Caller.Figures.Inbound.LastPacketUnixNanos;
        var callee = sample.Callee.Figures.Inbound.LastPacketUnixNanos;
        return (caller, callee) switch
        {
            (null, not null) => CallLeg.Caller,
            (not null, null) => CallLeg.Callee,
            ({ } a, { } b) when a < b => CallLeg.Caller,
            ({ } a, { } b) when b < a => CallLeg.Callee,
            _ => null,
        };
    }

    /// <summary>", its last packet 60.2 s before the hangup" when the sample and the end time tell.</summary>
    private static string LastPacket(InspectionContext context, CallLeg leg)
    {
        if (context.LatestMedia is not { } sampled)
        {
            return string.Empty;
        }
        if (Leg(sampled.Media, leg).Figures.Inbound.LastPacketUnixNanos is not { } lastNanos)
        {
            return ", which never sent a packet";
        }
        if (context.Status.EndedAt is not { } endedAt)
        {
            return string.Empty;
        }
        var last = DateTimeOffset.UnixEpoch.AddTicks(lastNanos / 100);
        return $", its last packet {Seconds(endedAt - last)} before the hangup";
    }
}
