using System.Net;

namespace CallActors.Sip.Transport;

/// <summary>A transport plus an IP address and port: where a message came from or goes to.</summary>
public readonly record struct SipEndPoint(SipProtocol Protocol, IPEndPoint EndPoint)
{
    /// <summary><c>IP:PORT</c>, the form the dialogue chunks use for src and dst.</summary>
    public string Address => EndPoint.ToString();

    public override string ToString() => $"{(Protocol == SipProtocol.Udp ? "udp" : "tcp")}:{EndPoint}";
}
