using System.Diagnostics.Metrics;

namespace CallActors.Sip.Transactions;

/// <summary>The transaction layer's instruments of the "CallActors.Sip" meter.</summary>
internal static class SipTransactionMetrics
{
    private static readonly Meter Meter = new(SipTransactionLayer.MeterName);

    public static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>(
        "callactors.sip.transactions.active",
        unit: "{transaction}",
        description: "Live client and server transactions.");

    public static readonly Counter<long> RetransmissionsSent = Meter.CreateCounter<long>(
        "callactors.sip.transactions.retransmissions_sent",
        unit: "{message}",
        description: "Requests, responses and ACKs sent again (timers A, E, G, 2xx retransmission, answers to retransmissions).");

    public static readonly Counter<long> RetransmissionsAbsorbed = Meter.CreateCounter<long>(
        "callactors.sip.transactions.retransmissions_absorbed",
        unit: "{message}",
        description: "Retransmitted requests, ACKs and final responses a transaction kept from the transaction user.");

    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(
        "callactors.sip.transactions.timeouts",
        unit: "{transaction}",
        description: "Transactions that timed out (timers B, F, H, L, or no final response after a CANCEL).");

    public static readonly Counter<long> StrayResponses = Meter.CreateCounter<long>(
        "callactors.sip.transactions.stray_responses",
        unit: "{response}",
        description: "Responses that matched no client transaction.");
}
