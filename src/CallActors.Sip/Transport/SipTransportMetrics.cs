using System.Diagnostics.Metrics;

namespace CallActors.Sip.Transport;

/// <summary>The transport's instruments on the "CallActors.Sip" meter.</summary>
internal static class SipTransportMetrics
{
    public const string MeterName = "CallActors.Sip";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Received = Meter.CreateCounter<long>(
        "callactors.sip.transport.received",
        unit: "{message}",
        description: "SIP messages received and parsed.");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>(
        "callactors.sip.transport.sent",
        unit: "{message}",
        description: "SIP messages handed to a socket.");

    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>(
        "callactors.sip.transport.rejected",
        unit: "{message}",
        description: "Received messages that did not parse or broke a limit (answered statelessly when possible).");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "callactors.sip.transport.dropped",
        unit: "{message}",
        description: "Received messages dropped because the queue to the transaction layer was full.");

    public static readonly Counter<long> SendErrors = Meter.CreateCounter<long>(
        "callactors.sip.transport.send_errors",
        unit: "{message}",
        description: "Messages that could not be sent (socket error, connect failure, full connection queue).");
}
