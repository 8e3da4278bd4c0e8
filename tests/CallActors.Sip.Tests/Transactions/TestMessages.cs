using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests.Transactions;

/// <summary>Requests and responses for transaction tests: ours go from 192.0.2.10 to 198.51.100.7; the peer's carry
/// the top Via a transport stamps for a NATed UDP peer (sent-by 10.1.1.1:5060, received=198.51.100.7;rport=40000).</summary>
internal static class TestMessages
{
    public const string CallId = "3848276298220188511@192.0.2.10";

    /// <summary>A request we send: one Via with <paramref name="branch"/>, plus <paramref name="extraVias"/> below it.</summary>
    public static SipRequest Outgoing(
        string method,
        string branch = "z9hG4bK776asdhds",
        uint cseq = 1,
        string transport = "UDP",
        string[]? routes = null,
        string[]? extraVias = null)
    {
        var headers = new SipHeaders();
        headers.Add(SipHeaderNames.Via, $"SIP/2.0/{transport} 192.0.2.10:5060;branch={branch};rport");
        foreach (var via in extraVias ?? [])
        {
            headers.Add(SipHeaderNames.Via, via);
        }
        foreach (var route in routes ?? [])
        {
            headers.Add(SipHeaderNames.Route, route);
        }
        headers.Add(SipHeaderNames.MaxForwards, "70");
        headers.Add(SipHeaderNames.From, "\"Alice\" <sip:alice@192.0.2.10>;tag=1928301774");
        headers.Add(SipHeaderNames.To, method == SipMethods.Invite ? "<sip:bob@198.51.100.7>" : "<sip:bob@198.51.100.7>;tag=a6c85cf");
        headers.Add(SipHeaderNames.CallId, CallId);
        headers.Add(SipHeaderNames.CSeq, $"{cseq} {method}");
        headers.Add(SipHeaderNames.Contact, "<sip:alice@192.0.2.10:5060>");
        return new SipRequest(method, SipUri.Parse("sip:bob@198.51.100.7:5060"), headers);
    }

    /// <summary>A request from the peer. <paramref name="branch"/> null leaves the branch out (an RFC 2543 peer).</summary>
    public static SipRequest Incoming(
        string method,
        string? branch = "z9hG4bKnashds8",
        uint cseq = 314159,
        string? toTag = null,
        string sentBy = "10.1.1.1:5060",
        string callId = "a84b4c76e66710@10.1.1.1",
        string requestUri = "sip:bob@192.0.2.10")
    {
        var headers = new SipHeaders();
        var branchParameter = branch is null ? string.Empty : $";branch={branch}";
        headers.Add(SipHeaderNames.Via, $"SIP/2.0/UDP {sentBy}{branchParameter};rport=40000;received=198.51.100.7");
        headers.Add(SipHeaderNames.MaxForwards, "70");
        headers.Add(SipHeaderNames.From, "<sip:carol@10.1.1.1>;tag=9fxced76sl");
        headers.Add(SipHeaderNames.To, toTag is null ? "<sip:bob@192.0.2.10>" : $"<sip:bob@192.0.2.10>;tag={toTag}");
        headers.Add(SipHeaderNames.CallId, callId);
        headers.Add(SipHeaderNames.CSeq, $"{cseq} {method}");
        return new SipRequest(method, SipUri.Parse(requestUri), headers);
    }

    /// <summary>The ACK for a 2xx: a new branch, the To tag of the 2xx, the INVITE's CSeq number.</summary>
    public static SipRequest AckFor2xx(string toTag, string branch = "z9hG4bKack2xx", uint cseq = 314159) =>
        Incoming(SipMethods.Ack, branch, cseq, toTag, requestUri: "sip:bob@192.0.2.10:5060");

    /// <summary>The ACK for a non-2xx: the INVITE's branch.</summary>
    public static SipRequest AckForNon2xx(string toTag, string? branch = "z9hG4bKnashds8", uint cseq = 314159) =>
        Incoming(SipMethods.Ack, branch, cseq, toTag);

    public static SipResponse Response(SipRequest request, int statusCode, string? toTag = null) =>
        SipResponse.CreateFor(request, statusCode, null, toTag);
}
