namespace CallActors.Recording;

/// <summary>
/// Places one channel's packets on the recording's timeline: the first packet of each SSRC where it arrived, the
/// following ones by their RTP timestamp relative to that anchor, re-anchored on arrival when the timestamp strays
/// more than <see cref="MaxDriftSamples"/> from the arrival time (a timestamp jump, a sender restart).
/// </summary>
/// <remarks>Used by the capture's single writer, so it needs no locking.</remarks>
internal sealed class ChannelTimeline
{
    public const int MaxDriftSamples = CaptureFolder.SampleRate;

    private readonly Dictionary<uint, (long Position, uint Timestamp)> _anchors = [];

    /// <summary>The sample position of a packet's first sample, given its arrival as samples since the recording started.</summary>
    public TimelinePlacement Place(uint ssrc, uint timestamp, long arrivalPosition)
    {
        if (!_anchors.TryGetValue(ssrc, out var anchor))
        {
            _anchors[ssrc] = (arrivalPosition, timestamp);
            return new TimelinePlacement(arrivalPosition, TimelineAnchoring.NewSource, 0);
        }

        // The unsigned difference wraps with the 32-bit timestamp; read as signed it is also a reordered packet's
        // small step back.
        var position = anchor.Position + unchecked((int)(timestamp - anchor.Timestamp));
        var drift = position - arrivalPosition;
        if (Math.Abs(drift) <= MaxDriftSamples)
        {
            return new TimelinePlacement(position, TimelineAnchoring.Timestamp, 0);
        }

        _anchors[ssrc] = (arrivalPosition, timestamp);
        return new TimelinePlacement(arrivalPosition, TimelineAnchoring.Reanchored, drift);
    }
}

/// <summary>
/// Where <see cref="ChannelTimeline"/> put a packet and how it decided; for a re-anchored packet, <c>Drift</c> is how
/// far its timestamp would have put it from its arrival, in samples.
/// </summary>
internal readonly record struct TimelinePlacement(long Position, TimelineAnchoring Anchoring, long Drift);

/// <summary>What fixed a packet's position on the timeline.</summary>
internal enum TimelineAnchoring
{
    /// <summary>The first packet of its SSRC, placed where it arrived.</summary>
    NewSource,

    /// <summary>Its timestamp, relative to its SSRC's anchor.</summary>
    Timestamp,

    /// <summary>Its arrival, because its timestamp strayed too far; the SSRC's anchor moved to it.</summary>
    Reanchored,
}
