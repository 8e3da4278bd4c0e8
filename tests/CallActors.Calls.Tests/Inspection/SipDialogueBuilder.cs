using System.Globalization;
using CallActors.Calls.Dialogue;
using CallActors.Sip.Transport;
using static CallActors.Calls.CallLeg;
using static CallActors.Sip.Transport.SipTraceDirection;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Writes a B2BUA call's dialogue by hand, one SIP message at a time, as the node would have traced it: the
/// caller at <see cref="CallerAddress"/> talks to the node on the caller leg, the node talks to the callee at
/// <see cref="CalleeAddress"/> on the callee leg with its own Call-ID. Messages carry full RFC 3261 headers (Via with
/// the branch, From/To tags, CSeq, SDP on the INVITE and its 2xx) so the inspector reads them as it reads real ones.</summary>
internal sealed class SipDialogueBuilder
{
    public const string CallerAddress = "198.51.100.7:5060";
    public const string NodeAddress = "203.0.113.10:5060";
    public const string CalleeAddress = "192.0.2.44:5080";
    public const string CallerCallId = "3c26700c5a6e-q9b2kl@198.51.100.7";
    public const string CalleeCallId = "b2b-5f0e1a7c@203.0.113.10";
    public const string Node = "node-1";

    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly List<DialogueChunk> _chunks = [];
    private TimeSpan _at;

    public IReadOnlyList<DialogueChunk> Chunks => _chunks;

    /// <summary>The next messages cross the wire this many seconds after <see cref="T0"/>.</summary>
    public SipDialogueBuilder At(double seconds)
    {
        _at = TimeSpan.FromSeconds(seconds);
        return this;
    }

    public SipDialogueBuilder CallerSends(string method, int cseq = 1) => Request(Caller, Received, method, cseq);

    public SipDialogueBuilder NodeAnswersCaller(int code, string reason, string method = "INVITE", int cseq = 1) =>
        Response(Caller, Sent, code, reason, method, cseq);

    public SipDialogueBuilder NodeSendsCaller(string method, int cseq) => Request(Caller, Sent, method, cseq);

    public SipDialogueBuilder CallerAnswers(int code, string reason, string method, int cseq) =>
        Response(Caller, Received, code, reason, method, cseq);

    public SipDialogueBuilder NodeSendsCallee(string method, int cseq = 1) => Request(Callee, Sent, method, cseq);

    public SipDialogueBuilder CalleeAnswers(int code, string reason, string method = "INVITE", int cseq = 1) =>
        Response(Callee, Received, code, reason, method, cseq);

    public SipDialogueBuilder CalleeSends(string method, int cseq) => Request(Callee, Received, method, cseq);

    public SipDialogueBuilder NodeAnswersCallee(int code, string reason, string method, int cseq) =>
        Response(Callee, Sent, code, reason, method, cseq);

    /// <summary>The last message once more, byte for byte (a retransmission), at the current time.</summary>
    public SipDialogueBuilder Again()
    {
        _chunks.Add(_chunks[^1] with { Timestamp = T0 + _at });
        return this;
    }

    public SipDialogueBuilder Request(CallLeg leg, SipTraceDirection direction, string method, int cseq)
    {
        var sender = Sender(leg, direction);
        var receiver = Receiver(leg, direction);
        // The initial INVITE and its CANCEL are outside the dialog; everything else carries the receiver's tag.
        var inDialog = !(method == "INVITE" && cseq == 1) && method != "CANCEL";
        var lines = new List<string>
        {
            $"{method} {UriOf(leg, receiver)} SIP/2.0",
            $"Via: SIP/2.0/UDP {AddressOf(sender)};branch={Branch(leg, direction, method, cseq)};rport",
            "Max-Forwards: 70",
            $"From: {NameOf(leg, sender)};tag={TagOf(leg, sender)}",
            inDialog ? $"To: {NameOf(leg, receiver)};tag={TagOf(leg, receiver)}" : $"To: {NameOf(leg, receiver)}",
            $"Call-ID: {CallIdOf(leg)}",
            $"CSeq: {cseq} {method}",
        };
        if (method == "INVITE")
        {
            lines.Add($"Contact: <{UriOf(leg, sender)}>");
            lines.Add("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER, NOTIFY");
        }
        lines.Add(sender == Party.Node ? "User-Agent: CallActors" : "User-Agent: Zoiper rv2.10.20.2");
        return Add(leg, direction, method == "INVITE" ? WithSdp(lines, AddressOf(sender)) : WithoutBody(lines), $"{cseq} {method}");
    }

    public SipDialogueBuilder Response(CallLeg leg, SipTraceDirection direction, int code, string reason, string method, int cseq)
    {
        // A response travels back along the request: the request went the other way.
        var requestDirection = direction == Sent ? Received : Sent;
        var requester = Sender(leg, requestDirection);
        var responder = Receiver(leg, requestDirection);
        var lines = new List<string>
        {
            $"SIP/2.0 {code} {reason}",
            $"Via: SIP/2.0/UDP {AddressOf(requester)};branch={Branch(leg, requestDirection, method, cseq)};rport;received={AddressOf(requester).Split(':')[0]}",
            $"From: {NameOf(leg, requester)};tag={TagOf(leg, requester)}",
            code == 100 ? $"To: {NameOf(leg, responder)}" : $"To: {NameOf(leg, responder)};tag={TagOf(leg, responder)}",
            $"Call-ID: {CallIdOf(leg)}",
            $"CSeq: {cseq} {method}",
        };
        if (code is > 100 and < 300 && method == "INVITE")
        {
            lines.Add($"Contact: <{UriOf(leg, responder)}>");
        }
        if (code == 407)
        {
            lines.Add("Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"4b1f3c\", algorithm=MD5, qop=\"auth\"");
        }
        var body = code is >= 200 and < 300 && method == "INVITE" ? WithSdp(lines, AddressOf(responder)) : WithoutBody(lines);
        return Add(leg, direction, body, $"{cseq} {method}");
    }

    private SipDialogueBuilder Add(CallLeg leg, SipTraceDirection direction, List<string> raw, string cseq)
    {
        var (src, dst) = direction == Received
            ? (AddressOf(Remote(leg)), NodeAddress)
            : (NodeAddress, AddressOf(Remote(leg)));
        var legName = leg == Caller ? "a-leg" : "b-leg";
        _chunks.Add(new DialogueChunk(CallIdOf(leg), T0 + _at, raw[0], raw, src, dst, $"{Node}/{legName}", cseq, leg, direction));
        return this;
    }

    private static List<string> WithoutBody(List<string> lines)
    {
        lines.Add("Content-Length: 0");
        lines.Add(string.Empty);
        return lines;
    }

    private static List<string> WithSdp(List<string> lines, string address)
    {
        var ip = address.Split(':')[0];
        string[] sdp =
        [
            "v=0",
            $"o=- 3912345678 3912345678 IN IP4 {ip}",
            "s=-",
            $"c=IN IP4 {ip}",
            "t=0 0",
            "m=audio 40000 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=sendrecv",
        ];
        var length = sdp.Sum(line => line.Length + 2);
        lines.Add("Content-Type: application/sdp");
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"Content-Length: {length}"));
        lines.Add(string.Empty);
        lines.AddRange(sdp);
        return lines;
    }

    private enum Party
    {
        Caller,
        Node,
        Callee,
    }

    private static Party Remote(CallLeg leg) => leg == Caller ? Party.Caller : Party.Callee;

    private static Party Sender(CallLeg leg, SipTraceDirection direction) => direction == Received ? Remote(leg) : Party.Node;

    private static Party Receiver(CallLeg leg, SipTraceDirection direction) => direction == Received ? Party.Node : Remote(leg);

    private static string CallIdOf(CallLeg leg) => leg == Caller ? CallerCallId : CalleeCallId;

    private static string AddressOf(Party party) => party switch
    {
        Party.Caller => CallerAddress,
        Party.Callee => CalleeAddress,
        _ => NodeAddress,
    };

    private static string UriOf(CallLeg leg, Party party) => (leg, party) switch
    {
        (_, Party.Caller) => $"sip:alice@{CallerAddress}",
        (_, Party.Callee) => $"sip:+4930123456@{CalleeAddress}",
        (Caller, _) => $"sip:+4930123456@{NodeAddress}",
        _ => $"sip:callactors@{NodeAddress}",
    };

    private static string NameOf(CallLeg leg, Party party) => party switch
    {
        Party.Caller => $"\"Alice\" <sip:alice@{CallerAddress}>",
        Party.Callee => $"<sip:+4930123456@{CalleeAddress}>",
        // The node is the callee toward the caller, and speaks as the caller toward the callee.
        _ => leg == Caller ? $"<sip:+4930123456@{NodeAddress}>" : $"\"Alice\" <sip:alice@{NodeAddress}>",
    };

    private static string TagOf(CallLeg leg, Party party) => (leg, party) switch
    {
        (_, Party.Caller) => "1928301774",
        (_, Party.Callee) => "314159",
        (Caller, _) => "as6151ad25",
        _ => "b2b83c1f",
    };

    /// <summary>One branch per transaction; a CANCEL shares its INVITE's (RFC 3261 §9.1). Every ACK gets a branch of
    /// its own here: a 2xx's must, a non-2xx's would share the INVITE's, which no rule of the inspector looks at.</summary>
    private static string Branch(CallLeg leg, SipTraceDirection direction, string method, int cseq)
    {
        var side = (leg, direction) switch
        {
            (Caller, Received) => "c1",
            (Caller, Sent) => "n1",
            (Callee, Sent) => "n2",
            _ => "e2",
        };
        var transaction = method is "CANCEL" ? "INVITE" : method;
        return string.Create(CultureInfo.InvariantCulture, $"z9hG4bK-{side}-{transaction.ToLowerInvariant()}-{cseq}");
    }
}
