namespace CallActors.Calls.Media;

/// <summary>The seam where the media relay plugs into the B2BUA: each call opens a media session when it starts, and
/// every SDP body that crosses from one leg to the other passes through that session before it is sent.</summary>
public interface IMediaAnchor
{
    /// <summary>Opens the media of a call; throws <see cref="MediaUnavailableException"/> when the node cannot anchor
    /// one more call (no relay ports left).</summary>
    IMediaSession Open(string callId);
}

/// <summary>Passes SDP through unchanged (no media anchoring): the endpoints exchange RTP directly, and the node
/// measures nothing.</summary>
public sealed class PassThroughMediaAnchor : IMediaAnchor
{
    public static PassThroughMediaAnchor Instance { get; } = new();

    public IMediaSession Open(string callId) => PassThroughMediaSession.Instance;
}
