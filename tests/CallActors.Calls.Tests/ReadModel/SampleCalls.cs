using CallActors.Calls.Dialogue;
using CallActors.Calls.Media;
using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;
using CallActors.Sip.Transport;

namespace CallActors.Calls.Tests.ReadModel;

/// <summary>Call events and summaries as the read model tests need them.</summary>
internal static class SampleCalls
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    /// <summary>T0 plus whole milliseconds: the journal keeps event times to the millisecond.</summary>
    public static DateTimeOffset At(double seconds) => T0.AddMilliseconds(Math.Round(seconds * 1000));

    public static CallStarted Started(
        string callId,
        string? accountId = "acct-1",
        string requestUri = "sip:1002@example.com",
        string from = "\"Alice\" <sip:1001@example.com>;tag=a1",
        string to = "<sip:1002@example.com>",
        DateTimeOffset? createdAt = null) =>
        new(callId, callId, callId + "-b", from, to, requestUri, "softphone/1.0", "192.0.2.10:5060", "trunk-1", accountId,
            "sip:1002@198.51.100.7:5060", "node-1", createdAt ?? T0);

    public static SipMessagesRecorded Messages(string callId, int count) =>
        new(Enumerable.Range(0, count).Select(i => new DialogueChunk(
            callId, T0.AddMilliseconds(i), "INVITE sip:1002@example.com SIP/2.0", ["INVITE sip:1002@example.com SIP/2.0", "Call-ID: " + callId],
            "192.0.2.10:5060", "203.0.113.1:5060", "node-1/caller", "1 INVITE", CallLeg.Caller, SipTraceDirection.Received)).ToArray());

    public static CallRinging Ringing(double at = 2) =>
        new(new CallStatusState(CallStatus.Ringing, T0, At(at), null, null, TimeSpan.FromSeconds(at), null, null, null));

    public static CallAnswered Answered(double ringing = 2, double answered = 10) =>
        new(new CallStatusState(CallStatus.Ongoing, T0, At(ringing), At(answered), null, TimeSpan.FromSeconds(ringing), 200, null, null));

    public static CallEnded Completed(double ringing = 2, double answered = 10, double ended = 70, HangupSource source = HangupSource.Caller) =>
        new(new CallStatusState(CallStatus.Completed, T0, At(ringing), At(answered), At(ended), TimeSpan.FromSeconds(ringing), 200,
            SipHangupCauses.NormalClearing, source));

    public static CallEnded Ended(CallStatus status, int sipCode, string cause, HangupSource source, double ended = 5) =>
        new(new CallStatusState(status, T0, null, null, At(ended), null, sipCode, cause, source));

    /// <summary>A media sample whose legs have these G.107 MOS values; FreeSWITCH's MOS is 4.5 on both, so a projection
    /// reading the wrong model shows.</summary>
    public static MediaStatsSampled MediaSample(double at, double? callerMos, double? calleeMos, bool final = false) =>
        new(At(at), final, new CallMediaSample(Leg(G107(callerMos)), Leg(G107(calleeMos))));

    public static MediaLegSample Leg(G107Snapshot? current, IReadOnlyList<InboundSourceSnapshot>? earlier = null)
    {
        var counts = new MediaPacketCounts(500, 86000, 500, 86000, 0, 0, 0, 0, 0);
        var inbound = new InboundStreamSnapshot(
            counts, 0, new CodecSnapshot("PCMU", 0, 8000, 8000), null, 0x1234, earlier?.Count ?? 0, 1, 2, null, current,
            new FreeSwitchSnapshot(100, 4.5, 0, 0, 0, 0, 0, 20), earlier ?? []);
        var outbound = new OutboundStreamSnapshot(counts, null, null);
        return new MediaLegSample(
            new MediaLegSnapshot(inbound, outbound, null, false), "192.0.2.10:4000", "203.0.113.1:40000",
            new RelayLegCounters(500, 0, 86000, 500, 0, 86000, 0, 0, 0, 0, 0));
    }

    public static G107Snapshot? G107(double? mos) =>
        mos is { } value ? new G107Snapshot(93.2, value, 0, 25.1, 0, 1, 0, "default", 0, 0, "G.711+PLC", "G.107-NB") : null;

    public static Rfc3550Snapshot Rfc3550() => new(100, 100, 0, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null, 0);

    /// <summary>A summary as the store holds it, for store tests that need many rows.</summary>
    public static CallSummary Summary(
        string callId,
        DateTimeOffset createdAt,
        string? accountId = "acct-1",
        string? realm = "example.com",
        string status = "completed",
        string? fromUser = "1001",
        string? toUser = "1002",
        int dialogueMessages = 5) =>
        new(callId, callId + "-b", accountId, realm, "node-1", "trunk-1", $"<sip:{fromUser}@{realm}>", $"<sip:{toUser}@{realm}>",
            fromUser, toUser, "incoming", status, createdAt, createdAt.AddSeconds(30), createdAt.AddSeconds(1),
            createdAt.AddSeconds(5), createdAt.AddSeconds(30), 1000, 200, "NORMAL_CLEARING", "caller", dialogueMessages, 4.41, 4.2);
}
