using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Sends SIP messages. Implemented by SipTransport (UDP and TCP sockets) and by fakes in tests.</summary>
public interface ISipTransport
{
    /// <summary>The host written into our Via, Contact and Record-Route headers (never a wildcard address).</summary>
    string AdvertisedHost { get; }

    /// <summary>The port written next to <see cref="AdvertisedHost"/>.</summary>
    int AdvertisedPort { get; }

    /// <summary>Serialises and sends a message. Never throws for network errors: they are logged and counted, and
    /// the transaction layer notices through its own timers.</summary>
    void Send(SipMessage message, SipEndPoint destination);
}

/// <summary>Receives every message the transport has parsed (the transaction layer).</summary>
public interface ISipMessageSink
{
    void OnMessage(SipInbound inbound);
}
