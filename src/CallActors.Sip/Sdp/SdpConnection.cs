using System.Net;
using System.Net.Sockets;

namespace CallActors.Sip.Sdp;

/// <summary>A <c>c=</c> line (RFC 4566 §5.7): <c>&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>, where a
/// multicast address may carry <c>/ttl</c> and <c>/count</c> suffixes (kept in <see cref="Address"/> as written).</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The address without the multicast <c>/ttl/count</c> suffixes.</summary>
    public string Host
    {
        get
        {
            var slash = Address.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? Address : Address[..slash];
        }
    }

    /// <summary>The RFC 2543 way to put a stream on hold (RFC 3264 §8.4 asks us to understand it, never to send it).</summary>
    public bool IsHoldAddress => Host == "0.0.0.0";

    public static bool TryParse(string value, out SdpConnection connection, out string? error)
    {
        ArgumentNullException.ThrowIfNull(value);
        connection = null!;
        error = null;
        var fields = value.Split(' ');
        if (fields.Length != 3 || Array.Exists(fields, f => f.Length == 0))
        {
            error = $"c= line '{value}' needs three fields: nettype addrtype address";
            return false;
        }
        connection = new SdpConnection(fields[0], fields[1], fields[2]);
        return true;
    }

    /// <summary>An <c>IN IP4</c> or <c>IN IP6</c> connection for a unicast address.</summary>
    public static SdpConnection ForAddress(string ip)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ip);
        return new SdpConnection("IN", AddressTypeOf(ip), ip);
    }

    /// <summary><c>IP6</c> for an IPv6 literal, else <c>IP4</c> (RFC 4566 allows a host name there too).</summary>
    public static string AddressTypeOf(string address) =>
        IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
