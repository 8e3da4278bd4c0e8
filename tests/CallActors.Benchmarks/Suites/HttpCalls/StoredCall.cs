using System.Globalization;
using CallActors.Calls;
using CallActors.Calls.Dialogue;
using CallActors.Calls.Status;
using CallActors.Sip.Transport;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>A finished, answered call as the B2BUA would have journalled it: started, the 14 SIP messages of both legs
/// (INVITE, 100, 180, 200, ACK, BYE, 200 each way, with SDP) in four bursts, ringing, answered, ended. About 8 KB of
/// dialogue, like the calls of the b2bua-cps run.</summary>
internal sealed record StoredCall(string CallId, string AccountId, string Realm, DateTimeOffset CreatedAt)
{
    private const string Caller = "127.0.90.9:5060";
    private const string Node = "127.0.90.1:5060";
    private const string Callee = "127.0.90.10:5070";

    public string CalleeCallId => $"b-{CallId}";

    /// <summary>The call's events, in the order the call actor persists them.</summary>
    public IEnumerable<object> Events()
    {
        var ringing = CreatedAt.AddMilliseconds(120);
        var answered = CreatedAt.AddSeconds(3);
        var ended = CreatedAt.AddSeconds(63);
        yield return new CallStarted(CallId, CallId, CalleeCallId, $"\"Alice\" <sip:1001@{Realm}>;tag=aCaller",
            $"<sip:2002@{Realm}>", $"sip:2002@{Realm}", "sipp", Caller, "bench-route", AccountId, $"sip:2002@{Callee}", "node1", CreatedAt);
        yield return new SipMessagesRecorded([
            Message(CallLeg.Caller, SipTraceDirection.Received, CreatedAt, "INVITE", 1, sdp: true),
            Message(CallLeg.Caller, SipTraceDirection.Sent, CreatedAt.AddMilliseconds(1), "100 Trying", 1),
            Message(CallLeg.Callee, SipTraceDirection.Sent, CreatedAt.AddMilliseconds(2), "INVITE", 1, sdp: true),
            Message(CallLeg.Callee, SipTraceDirection.Received, CreatedAt.AddMilliseconds(3), "100 Trying", 1),
        ]);
        var status = CallStatusState.Start(CreatedAt) with { Status = CallStatus.Ringing, RingingAt = ringing, Pdd = ringing - CreatedAt };
        yield return new CallRinging(status);
        yield return new SipMessagesRecorded([
            Message(CallLeg.Callee, SipTraceDirection.Received, ringing, "180 Ringing", 1),
            Message(CallLeg.Caller, SipTraceDirection.Sent, ringing.AddMilliseconds(1), "180 Ringing", 1),
        ]);
        status = status with { Status = CallStatus.Ongoing, AnsweredAt = answered, FinalSipCode = 200 };
        yield return new CallAnswered(status);
        yield return new SipMessagesRecorded([
            Message(CallLeg.Callee, SipTraceDirection.Received, answered, "200 OK", 1, sdp: true),
            Message(CallLeg.Caller, SipTraceDirection.Sent, answered.AddMilliseconds(1), "200 OK", 1, sdp: true),
            Message(CallLeg.Caller, SipTraceDirection.Received, answered.AddMilliseconds(10), "ACK", 1),
            Message(CallLeg.Callee, SipTraceDirection.Sent, answered.AddMilliseconds(11), "ACK", 1),
        ]);
        yield return new SipMessagesRecorded([
            Message(CallLeg.Caller, SipTraceDirection.Received, ended, "BYE", 2),
            Message(CallLeg.Callee, SipTraceDirection.Sent, ended.AddMilliseconds(1), "BYE", 2),
            Message(CallLeg.Callee, SipTraceDirection.Received, ended.AddMilliseconds(5), "200 OK", 2, method: "BYE"),
            Message(CallLeg.Caller, SipTraceDirection.Sent, ended.AddMilliseconds(6), "200 OK", 2, method: "BYE"),
        ]);
        yield return new CallEnded(status with { Status = CallStatus.Completed, EndedAt = ended, HangupCause = "NORMAL_CLEARING", HangupSource = HangupSource.Caller });
    }

    /// <summary>One message with the headers a sipp call carries; <paramref name="what"/> is a method (a request) or a
    /// status code and phrase (a response to <paramref name="method"/>, INVITE unless said).</summary>
    private DialogueChunk Message(CallLeg leg, SipTraceDirection direction, DateTimeOffset at, string what, int cseq, bool sdp = false, string method = "INVITE")
    {
        var isResponse = char.IsAsciiDigit(what[0]);
        var sipCallId = leg == CallLeg.Caller ? CallId : CalleeCallId;
        var (uac, uas) = leg == CallLeg.Caller ? (Caller, Node) : (Node, Callee);
        // Requests go from the leg's client to its server, responses back; the node is the server of the caller's leg
        // and the client of the callee's.
        var (src, dst) = isResponse ? (uas, uac) : (uac, uas);
        var requestMethod = isResponse ? method : what;
        var label = isResponse ? $"SIP/2.0 {what}" : $"{what} sip:2002@{(leg == CallLeg.Caller ? Realm : Callee)} SIP/2.0";
        var cseqValue = string.Create(CultureInfo.InvariantCulture, $"{cseq} {requestMethod}");
        List<string> raw =
        [
            label,
            $"Via: SIP/2.0/UDP {uac};branch=z9hG4bK-{sipCallId.Length}-{cseq}-{requestMethod}",
            $"From: \"Alice\" <sip:1001@{Realm}>;tag=a{leg}",
            $"To: <sip:2002@{Realm}>{(what is "INVITE" or "100 Trying" ? "" : ";tag=b" + leg)}",
            $"Call-ID: {sipCallId}",
            $"CSeq: {cseqValue}",
            $"Contact: <sip:{(isResponse ? "2002" : "1001")}@{(isResponse ? uas : uac)}>",
        ];
        if (!isResponse)
        {
            raw.Add("Max-Forwards: 70");
        }
        raw.Add($"User-Agent: {(src == Node ? "callactors" : "sipp")}");
        if (sdp)
        {
            string[] body =
            [
                "v=0", $"o=user1 53655765 2353687637 IN IP4 {Host(src)}", "s=-",
                $"c=IN IP4 {Host(src)}", "t=0 0", "m=audio 6000 RTP/AVP 0 8 101",
                "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv",
            ];
            raw.Add("Content-Type: application/sdp");
            raw.Add(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Sum(l => l.Length + 2)}"));
            raw.Add("");
            raw.AddRange(body);
        }
        else
        {
            raw.Add("Content-Length: 0");
            raw.Add("");
        }
        return new DialogueChunk(sipCallId, at, label, raw, src, dst, $"node1/{leg.ToString().ToLowerInvariant()}", cseqValue, leg, direction);
    }

    private static string Host(string endPoint) => endPoint[..endPoint.IndexOf(':', StringComparison.Ordinal)];
}
