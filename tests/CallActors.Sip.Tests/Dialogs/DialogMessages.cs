using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests.Dialogs;

/// <summary>The INVITE and responses of RFC 3261 §24.2 (Alice calls Bob), with the Record-Route two loose-routing
/// proxies add: Alice → p1.atlanta.example.com → p2.biloxi.example.com → Bob. p2 adds its entry above p1's.</summary>
internal static class DialogMessages
{
    public const string CallId = "a84b4c76e66710@pc33.atlanta.example.com";
    public const string AliceTag = "1928301774";
    public const string BobTag = "a6c85cf";
    public const uint InviteCSeq = 314159;
    public const string InviteBranch = "z9hG4bK776asdhds";

    public static SipRequest Invite(params string[] recordRoutes)
    {
        var headers = new SipHeaders();
        headers.Add("Via", $"SIP/2.0/UDP pc33.atlanta.example.com;branch={InviteBranch}");
        headers.Add("Max-Forwards", "70");
        foreach (var route in recordRoutes)
        {
            headers.Add("Record-Route", route);
        }
        headers.Add("To", "Bob <sip:bob@biloxi.example.com>");
        headers.Add("From", $"Alice <sip:alice@atlanta.example.com>;tag={AliceTag}");
        headers.Add("Call-ID", CallId);
        headers.Add("CSeq", $"{InviteCSeq} INVITE");
        headers.Add("Contact", "<sip:alice@pc33.atlanta.example.com>");
        headers.Add("Content-Type", "application/sdp");
        return new SipRequest("INVITE", SipUri.Parse("sip:bob@biloxi.example.com"), headers);
    }

    /// <summary>Bob's response to <see cref="Invite"/>, as it reaches Alice.</summary>
    public static SipResponse Response(
        int statusCode,
        string? toTag = BobTag,
        string contact = "<sip:bob@192.0.2.4>",
        string cseq = "314159 INVITE",
        params string[] recordRoutes)
    {
        var response = new SipResponse(statusCode);
        response.Headers.Add("Via", $"SIP/2.0/UDP pc33.atlanta.example.com;branch={InviteBranch};received=192.0.2.101");
        foreach (var route in recordRoutes)
        {
            response.Headers.Add("Record-Route", route);
        }
        response.Headers.Add("To", toTag is null ? "Bob <sip:bob@biloxi.example.com>" : $"Bob <sip:bob@biloxi.example.com>;tag={toTag}");
        response.Headers.Add("From", $"Alice <sip:alice@atlanta.example.com>;tag={AliceTag}");
        response.Headers.Add("Call-ID", CallId);
        response.Headers.Add("CSeq", cseq);
        if (contact.Length > 0)
        {
            response.Headers.Add("Contact", contact);
        }
        return response;
    }

    /// <summary>A request Bob sends to Alice in the dialog (Alice is the UAC of the INVITE).</summary>
    public static SipRequest FromBob(string method, uint cseq, string? contact = null, string toTag = AliceTag, string fromTag = BobTag) =>
        InDialog(method, "sip:alice@pc33.atlanta.example.com", cseq, contact,
            from: $"Bob <sip:bob@biloxi.example.com>;tag={fromTag}", to: $"Alice <sip:alice@atlanta.example.com>;tag={toTag}");

    /// <summary>A request Alice sends to Bob in the dialog (Bob is the UAS of the INVITE).</summary>
    public static SipRequest FromAlice(string method, uint cseq, string? contact = null) =>
        InDialog(method, "sip:bob@192.0.2.4", cseq, contact,
            from: $"Alice <sip:alice@atlanta.example.com>;tag={AliceTag}", to: $"Bob <sip:bob@biloxi.example.com>;tag={BobTag}");

    public static ViaHeader Via(string? branch = null) => new("UDP", "192.0.2.4", 5060, branch);

    private static SipRequest InDialog(string method, string uri, uint cseq, string? contact, string from, string to)
    {
        var headers = new SipHeaders();
        headers.Add("Via", "SIP/2.0/UDP 192.0.2.200;branch=z9hG4bKnashds10");
        headers.Add("From", from);
        headers.Add("To", to);
        headers.Add("Call-ID", CallId);
        headers.Add("CSeq", $"{cseq} {method}");
        if (contact is not null)
        {
            headers.Add("Contact", contact);
        }
        return new SipRequest(method, SipUri.Parse(uri), headers);
    }
}
