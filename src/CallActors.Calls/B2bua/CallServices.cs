using CallActors.Calls.B2bua;
using CallActors.Calls.Media;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>What every call actor shares: the SIP stack it sends through, the media seam, options, the node name and the
/// recording settings.</summary>
public sealed record CallServices(
    SipTransactionLayer Transactions,
    ISipTransport Transport,
    SipTargetResolver Resolver,
    IMediaAnchor Media,
    B2buaOptions Options,
    string Node,
    ILoggerFactory LoggerFactory)
{
    /// <summary>The static routes: transfer targets and click-to-call parties are dialled through them too.</summary>
    public Routing.CallRouter Router { get; init; } = new([]);

    /// <summary>Where and how calls are recorded.</summary>
    public Recording.RecordingOptions Recording { get; init; } = new();

    /// <summary>Delivers recordings (one HTTP client for the node).</summary>
    public Recording.RecordingUploader RecordingUploader { get; init; } = SharedUploader.Value;

    private static readonly Lazy<Recording.RecordingUploader> SharedUploader = new(() => new Recording.RecordingUploader());
}
