using CallActors.Sip.Messages;

namespace CallActors.Calls.Media;

/// <summary>The seam where the media relay plugs into the B2BUA: every SDP body that crosses from one leg to the other
/// passes through here before it is sent. The relay (media issue) replaces addresses and ports with its own.</summary>
public interface IMediaAnchor
{
    /// <summary>The body to send toward <paramref name="toward"/> for an SDP body received from the other leg.</summary>
    ReadOnlyMemory<byte> Relay(string callId, CallLeg toward, SipMessage from);

    /// <summary>The call ended: release whatever the call holds.</summary>
    void Release(string callId);
}

/// <summary>Passes SDP through unchanged (no media anchoring): the endpoints exchange RTP directly.</summary>
public sealed class PassThroughMediaAnchor : IMediaAnchor
{
    public static PassThroughMediaAnchor Instance { get; } = new();

    public ReadOnlyMemory<byte> Relay(string callId, CallLeg toward, SipMessage from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return from.Body;
    }

    public void Release(string callId)
    {
    }
}
