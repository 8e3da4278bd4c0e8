using CallActors.Calls.B2bua;
using CallActors.Calls.Media;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>What every call actor shares: the SIP stack it sends through, the media seam, options and the node name.</summary>
public sealed record CallServices(
    SipTransactionLayer Transactions,
    ISipTransport Transport,
    SipTargetResolver Resolver,
    IMediaAnchor Media,
    B2buaOptions Options,
    string Node,
    ILoggerFactory LoggerFactory);
