namespace CallActors.Sip.Transport;

/// <summary>The transport a SIP message travels on.</summary>
public enum SipProtocol
{
    Udp,
    Tcp,
}
