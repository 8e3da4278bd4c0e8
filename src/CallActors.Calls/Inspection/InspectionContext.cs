using CallActors.Calls.Status;
using CallActors.Sip.Transport;

namespace CallActors.Calls.Inspection;

/// <summary>What every analysis rule reads: the call's facts, its messages parsed once, and which of them are
/// retransmitted copies.</summary>
internal sealed class InspectionContext
{
    private readonly int[] _originalOf;

    public InspectionContext(
        CallStarted started, CallStatusState status, IReadOnlyList<SipChunkView> messages, MediaStatsSampled? latestMedia,
        CallInspectionOptions options)
    {
        Started = started;
        Status = status;
        Messages = messages;
        LatestMedia = latestMedia;
        Options = options;
        _originalOf = new int[messages.Count];
        var firstSeen = new Dictionary<(CallLeg, SipTraceDirection, string, string, string?, string?), int>();
        foreach (var message in messages)
        {
            _originalOf[message.Index] = firstSeen.TryAdd(message.RetransmissionKey, message.Index)
                ? -1
                : firstSeen[message.RetransmissionKey];
        }
    }

    public CallStarted Started { get; }

    public CallStatusState Status { get; }

    public IReadOnlyList<SipChunkView> Messages { get; }

    public MediaStatsSampled? LatestMedia { get; }

    public CallInspectionOptions Options { get; }

    /// <summary>A copy of an earlier message (same key as <see cref="SipChunkView.RetransmissionKey"/>).</summary>
    public bool IsRetransmission(SipChunkView message) => _originalOf[message.Index] >= 0;

    public SipChunkView? First(Func<SipChunkView, bool> match)
    {
        foreach (var message in Messages)
        {
            if (match(message))
            {
                return message;
            }
        }
        return null;
    }

    public SipChunkView? Last(Func<SipChunkView, bool> match)
    {
        for (var i = Messages.Count - 1; i >= 0; i--)
        {
            if (match(Messages[i]))
            {
                return Messages[i];
            }
        }
        return null;
    }

    public bool Any(Func<SipChunkView, bool> match) => First(match) is not null;
}
