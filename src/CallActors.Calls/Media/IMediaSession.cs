using CallActors.Recording;
using CallActors.Sip.Messages;

namespace CallActors.Calls.Media;

/// <summary>One call's media, as the call actor sees it: SDP rewriting, figures and activity. Disposing releases the
/// ports. The relay updates it from its own thread; every member is safe to call from the call actor.</summary>
public interface IMediaSession : IDisposable
{
    /// <summary>The body to send toward <paramref name="toward"/> for an SDP body received from the other leg.</summary>
    ReadOnlyMemory<byte> Relay(CallLeg toward, SipMessage from);

    /// <summary>The figures of both legs now, or null when the media is not anchored.</summary>
    CallMediaSample? Sample();

    /// <summary>RTP received so far from each leg, and whether the call is on hold (for the media timeout).</summary>
    MediaActivity Activity { get; }

    /// <summary>Null when the call's audio can be recorded now; otherwise why not (media not anchored, no audio
    /// negotiated yet, a codec the recorder does not decode).</summary>
    string? RecordingProblem();

    /// <summary>Sends every RTP packet the relay receives from either leg to <paramref name="capture"/> (channel 0 the
    /// caller, 1 the callee), with the payload types each leg sends; null detaches it.</summary>
    void AttachRecorder(RecordingCapture? capture);
}

/// <summary>How much RTP each leg has sent the relay so far, and whether either side has put the call on hold
/// (sendonly, inactive or 0.0.0.0): a held leg is silent by design.</summary>
public sealed record MediaActivity(long CallerRtpPackets, long CalleeRtpPackets, bool OnHold)
{
    public long RtpPacketsFrom(CallLeg leg) => leg == CallLeg.Caller ? CallerRtpPackets : CalleeRtpPackets;
}

/// <summary>The session of <see cref="PassThroughMediaAnchor"/>: SDP unchanged, no figures, never a media timeout.</summary>
public sealed class PassThroughMediaSession : IMediaSession
{
    public static PassThroughMediaSession Instance { get; } = new();

    public MediaActivity Activity { get; } = new(0, 0, OnHold: true);

    public ReadOnlyMemory<byte> Relay(CallLeg toward, SipMessage from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return from.Body;
    }

    public CallMediaSample? Sample() => null;

    public string? RecordingProblem() => "the call's media is not anchored by the node (callactors.media.relay = off), so there is no audio to record";

    public void AttachRecorder(RecordingCapture? capture)
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>The node cannot anchor the media of one more call (its relay port range is used up).</summary>
public sealed class MediaUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
