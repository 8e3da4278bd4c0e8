using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Where a response to a received request goes (RFC 3261 §18.2.2, RFC 3581 §4): back over the same TCP
/// connection; on UDP to the top Via's <c>received</c> address (else its host) and its <c>rport</c> (else its port,
/// else 5060).</summary>
public static class SipResponseRouting
{
    public static SipEndPoint DestinationFor(SipInbound request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Remote.Protocol == SipProtocol.Tcp)
        {
            return request.Remote;
        }
        var via = request.Message.TopVia;
        if (via is null)
        {
            return request.Remote;
        }
        var host = via.Received ?? via.Host;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            // The transport stamps `received` whenever sent-by is not the source address, so a name here means a
            // message that was not stamped (a test, or a hand-built inbound): answer the source.
            return request.Remote;
        }
        var port = via.Rport ?? via.Port ?? 5060;
        return new SipEndPoint(SipProtocol.Udp, new IPEndPoint(address, port));
    }
}
