using System.Globalization;
using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Records where a request really came from in its top Via (RFC 3261 §18.2.1, RFC 3581 §4), so that
/// <see cref="SipResponseRouting"/> sends the response back through any NAT on the way.</summary>
internal static class SipViaStamping
{
    /// <summary>Adds <c>received=&lt;source ip&gt;</c> when the sent-by host is not the source address, and fills an
    /// empty <c>rport</c> with the source port (adding <c>received</c> then even when the address matches).</summary>
    public static void Stamp(SipRequest request, IPEndPoint source)
    {
        var via = request.TopVia;
        if (via is null)
        {
            return;
        }
        var sourceAddress = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var fillRport = via.HasRport && via.Rport is null;
        if (!fillRport && SentByIs(via.Host, sourceAddress))
        {
            return;
        }
        via.Received = sourceAddress.ToString();
        if (fillRport)
        {
            via.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
        }
        request.Headers.RemoveFirstValue(SipHeaderNames.Via);
        request.Headers.AddFirst(SipHeaderNames.Via, via.ToString());
    }

    private static bool SentByIs(string host, IPAddress source)
    {
        // A domain name never matches: §18.2.1 asks for `received` whenever sent-by is a name.
        if (!IPAddress.TryParse(host.AsSpan().Trim("[]"), out var sentBy))
        {
            return false;
        }
        if (sentBy.IsIPv4MappedToIPv6)
        {
            sentBy = sentBy.MapToIPv4();
        }
        return sentBy.Equals(source);
    }
}
