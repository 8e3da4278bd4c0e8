using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Turns a next-hop URI into an address (RFC 3263 without NAPTR/SRV: <c>maddr</c> or host, port or 5060,
/// <c>;transport=tcp</c> chooses TCP). Host names are resolved once and cached; an IP literal needs no lookup.</summary>
public sealed class SipTargetResolver
{
    private readonly ConcurrentDictionary<string, IPAddress?> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The address for <paramref name="uri"/>, or null when its host does not resolve to IPv4/IPv6.</summary>
    public SipEndPoint? Resolve(SipUri uri, SipProtocol defaultProtocol = SipProtocol.Udp)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsSip)
        {
            return null;
        }
        var protocol = uri.Transport switch
        {
            "tcp" => SipProtocol.Tcp,
            "udp" => SipProtocol.Udp,
            _ => defaultProtocol,
        };
        var host = uri.Parameters.Get("maddr") ?? uri.Host;
        var address = ResolveHost(host);
        return address is null ? null : new SipEndPoint(protocol, new IPEndPoint(address, uri.Port ?? 5060));
    }

    private IPAddress? ResolveHost(string host)
    {
        var literal = host.Trim('[', ']');
        if (IPAddress.TryParse(literal, out var address))
        {
            return address;
        }
        return _names.GetOrAdd(host, static name =>
        {
            try
            {
                return Dns.GetHostAddresses(name).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
                    ?? Dns.GetHostAddresses(name).FirstOrDefault();
            }
            catch (SocketException)
            {
                return null;
            }
        });
    }
}
