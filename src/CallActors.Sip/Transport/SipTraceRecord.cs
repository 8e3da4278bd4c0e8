using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Whether a traced message came in or went out.</summary>
public enum SipTraceDirection
{
    Received,
    Sent,
}

/// <summary>One message as it crossed the wire, with its exact bytes: what the dialogue capture, HEP export and
/// tests see. Retransmissions are traced too.</summary>
public sealed record SipTraceRecord(
    SipTraceDirection Direction,
    SipMessage Message,
    ReadOnlyMemory<byte> Raw,
    SipEndPoint Remote,
    IPEndPoint Local,
    DateTimeOffset Timestamp);

/// <summary>Receives a <see cref="SipTraceRecord"/> for every message sent or received, on the thread that sent or
/// received it. Must be quick and must not throw.</summary>
public interface ISipTraceSink
{
    void OnTrace(SipTraceRecord record);
}
