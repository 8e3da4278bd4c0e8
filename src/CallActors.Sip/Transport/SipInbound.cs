using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>A message received by the transport: already parsed, and for a request with the top Via stamped with
/// <c>received</c>/<c>rport</c> (RFC 3261 §18.2.1, RFC 3581).</summary>
public sealed record SipInbound(SipMessage Message, SipEndPoint Remote, IPEndPoint Local, DateTimeOffset ReceivedAt);
