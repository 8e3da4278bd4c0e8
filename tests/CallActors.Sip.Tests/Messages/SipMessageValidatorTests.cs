using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

public sealed class SipMessageValidatorTests
{
    [Fact]
    public void A_complete_INVITE_is_valid()
    {
        var error = SipMessageValidator.Validate(Invite(), out var status);

        Assert.Null(error);
        Assert.Equal(0, status);
    }

    [Theory]
    [InlineData(SipHeaderNames.To)]
    [InlineData(SipHeaderNames.From)]
    [InlineData(SipHeaderNames.CSeq)]
    [InlineData(SipHeaderNames.CallId)]
    [InlineData(SipHeaderNames.MaxForwards)]
    [InlineData(SipHeaderNames.Via)]
    [InlineData(SipHeaderNames.Contact)]
    public void An_INVITE_without_a_required_header_is_rejected_naming_it(string name)
    {
        var request = Invite();
        request.Headers.Remove(name);

        Assert.Equal($"missing {name}", SipMessageValidator.Validate(request, out var status));
        Assert.Equal(400, status);
    }

    [Fact]
    public void Contact_is_required_for_INVITE_only()
    {
        var options = Request("OPTIONS");
        options.Headers.Remove(SipHeaderNames.Contact);

        Assert.Null(SipMessageValidator.Validate(options, out _));
    }

    [Theory]
    [InlineData(SipHeaderNames.From, "<sip:x@example.com>;tag=2")]
    [InlineData(SipHeaderNames.To, "<sip:y@example.com>")]
    [InlineData(SipHeaderNames.CallId, "other")]
    [InlineData(SipHeaderNames.CSeq, "2 INVITE")]
    [InlineData(SipHeaderNames.MaxForwards, "69")]
    [InlineData(SipHeaderNames.ContentLength, "0")]
    public void A_single_valued_header_given_twice_is_rejected(string name, string second)
    {
        var request = Invite();
        request.Headers.Add(name, second);
        if (name == SipHeaderNames.ContentLength)
        {
            request.Headers.Add(name, second);
        }

        Assert.Equal($"multiple {name} headers", SipMessageValidator.Validate(request, out _));
    }

    [Theory]
    [InlineData(SipHeaderNames.Via, "SIP/2.0/UDP", "Via sent-by '': empty host")]
    [InlineData(SipHeaderNames.Via, "192.0.2.10:5060", "Via '192.0.2.10:5060' has no SIP/2.0/<transport> protocol")]
    [InlineData(SipHeaderNames.From, "sip:a@example.com, sip:b@example.com", "From: 'sip:a@example.com, sip:b@example.com' is not a URI (a display name needs <URI>)")]
    [InlineData(SipHeaderNames.To, "<sip:b@example.com", "To: missing '>' after the URI")]
    [InlineData(SipHeaderNames.CallId, "a b", "Call-ID 'a b' contains whitespace")]
    [InlineData(SipHeaderNames.CallId, " ", "empty Call-ID")]
    [InlineData(SipHeaderNames.CSeq, "INVITE 1", "CSeq number 'INVITE' is not an integer below 2^31")]
    [InlineData(SipHeaderNames.CSeq, "1 BYE", "CSeq method BYE does not match request method INVITE")]
    [InlineData(SipHeaderNames.MaxForwards, "256", "Max-Forwards '256' is not an integer 0-255")]
    [InlineData(SipHeaderNames.MaxForwards, "-1", "Max-Forwards '-1' is not an integer 0-255")]
    [InlineData(SipHeaderNames.Contact, "<sip:a@example.com>, \"x", "Contact: unterminated quoted display name")]
    [InlineData(SipHeaderNames.ContentLength, "ten", "invalid Content-Length 'ten'")]
    public void A_header_that_does_not_parse_is_rejected_naming_it(string name, string value, string error)
    {
        var request = Invite();
        request.Headers.Set(name, value);

        Assert.Equal(error, SipMessageValidator.Validate(request, out var status));
        Assert.Equal(400, status);
    }

    [Theory]
    [InlineData("sip:bob@example.com", null, 0)]
    [InlineData("sips:bob@example.com", null, 0)]
    [InlineData("tel:+14155550100", null, 0)]
    [InlineData("urn:service:sos", "unsupported URI scheme 'urn' in the Request-URI", 416)]
    [InlineData("sip:bob@example.com?Subject=x", "Request-URI must not contain headers ('?')", 400)]
    public void The_Request_URI_must_be_sip_sips_or_tel_without_headers(string uri, string? error, int status)
    {
        var request = new SipRequest("INVITE", SipUri.Parse(uri), Invite().Headers);

        Assert.Equal(error, SipMessageValidator.Validate(request, out var code));
        Assert.Equal(status, code);
    }

    [Fact]
    public void A_response_needs_Via_From_To_Call_ID_and_CSeq_but_not_Max_Forwards()
    {
        var response = SipResponse.CreateFor(Invite(), 200, toTag: "b1");

        Assert.Null(SipMessageValidator.Validate(response, out _));
        response.Headers.Remove(SipHeaderNames.Via);
        Assert.Equal("missing Via", SipMessageValidator.Validate(response, out _));
    }

    [Fact]
    public void A_response_to_any_method_is_not_checked_against_a_request_method()
    {
        var response = SipResponse.CreateFor(Invite(), 200, toTag: "b1");
        response.Headers.Set(SipHeaderNames.CSeq, "1 BYE");

        Assert.Null(SipMessageValidator.Validate(response, out _));
    }

    private static SipRequest Invite() => Request(SipMethods.Invite);

    private static SipRequest Request(string method)
    {
        var request = new SipRequest(method, SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1");
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        request.Headers.Add(SipHeaderNames.From, "\"Alice\" <sip:alice@example.com>;tag=a1");
        request.Headers.Add(SipHeaderNames.To, "<sip:bob@example.com>");
        request.Headers.Add(SipHeaderNames.CallId, "c1@192.0.2.10");
        request.Headers.Add(SipHeaderNames.CSeq, $"1 {method}");
        request.Headers.Add(SipHeaderNames.Contact, "<sip:alice@192.0.2.10:5060>");
        return request;
    }
}
