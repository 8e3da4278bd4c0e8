using System.Text;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>The RFC 4475 torture messages (tests/fixtures/sip/rfc4475): valid/ holds those the RFC says a parser
/// accepts (§3.1.1, §3.2.1, the syntactically valid ones of §3.3 and §3.4), invalid/ those it says are malformed or
/// are rejected with a 4xx/5xx (§3.1.2, and §3.3.1-3, §3.3.8-9).</summary>
/// <remarks>
/// Where our handling differs from the RFC's stated handling, by design:
/// <list type="bullet">
/// <item>baddate (§3.1.2.12) is accepted. The RFC allows rejecting a non-GMT Date, but says an element "shouldn't do
/// that unless the contents of the Date header field were actually important to its processing"; nothing in CallActors
/// reads Date.</item>
/// <item>inv2543 (§3.4.1) is rejected with "missing Max-Forwards". The RFC says elements that keep RFC 2543
/// compatibility accept it; CallActors speaks RFC 3261 only and requires Max-Forwards (§8.1.1) like every other
/// request header the validator checks.</item>
/// <item>mismatch02 (§3.1.2.18) gets 400, not the 501 the RFC prefers: the parser cannot know which methods the UA
/// implements, and the RFC allows 400.</item>
/// <item>lwsstart and trws (§3.1.2.9, §3.1.2.10): the RFC allows tolerating the extra SP or rejecting; we reject, but
/// still read the request so the transport can answer it with 400.</item>
/// <item>unksm2 (§3.3.4) parses: only a registrar rejects a non-SIP To, which is above the parser. Likewise bext01,
/// invut, regaut01, sdp01 and zeromf are for the UA core (420, 415, 401, 406, 483) and parse here.</item>
/// <item>How the fixtures were made (markup expanded, sources) is in tests/fixtures/sip/rfc4475/README.md.</item>
/// </list>
/// </remarks>
public sealed class Rfc4475TortureTests
{
    public static TheoryData<string> Valid => SipFixtures.Theory("rfc4475/valid", "inv2543");

    public static TheoryData<string> Invalid => SipFixtures.Theory("rfc4475/invalid", "baddate");

    [Fact]
    public void The_fixture_set_is_complete()
    {
        Assert.Equal(25, SipFixtures.Names("rfc4475/valid").Count);
        Assert.Equal(24, SipFixtures.Names("rfc4475/invalid").Count);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_valid_torture_message_parses(string name)
    {
        var result = Parse("valid", name);

        Assert.True(result.Success, $"{name}: {result.Error}");
        Assert.Null(result.Error);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_torture_message_is_rejected_with_a_one_line_reason(string name)
    {
        var result = Parse("invalid", name);

        Assert.False(result.Success, $"{name} was accepted");
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.DoesNotContain('\n', result.Error);
        Assert.DoesNotContain('\r', result.Error);
        Assert.InRange(result.RejectStatusCode, 400, 599);
    }

    [Theory]
    [InlineData("badinv01", 400, "Via ';' has no SIP/2.0/<transport> protocol")]
    [InlineData("clerr", 400, "Content-Length 9999 exceeds the 154 body bytes received")]
    [InlineData("ncl", 400, "invalid Content-Length '-999'")]
    [InlineData("scalar02", 400, "CSeq number '36893488147419103232' is not an integer below 2^31")]
    [InlineData("scalarlg", 400, "CSeq number '9292394834772304023312'")]
    [InlineData("quotbal", 400, "To: unterminated quoted display name")]
    [InlineData("ltgtruri", 400, "invalid Request-URI")]
    [InlineData("lwsruri", 400, "Request-URI 'sip:user@example.com; lr' contains whitespace")]
    [InlineData("lwsstart", 400, "request line has extra whitespace")]
    [InlineData("trws", 400, "request line has extra whitespace")]
    [InlineData("escruri", 400, "Request-URI must not contain headers")]
    [InlineData("regbadct", 400, "Contact: 'sip:user@example.com?Route=%3Csip:sip.example.com%3E' must be enclosed in <>")]
    [InlineData("badaspec", 400, "To: whitespace inside < sip:t.watson@example.org >")]
    [InlineData("baddn", 400, "From: display name 'Bell, Alexander' must be quoted")]
    [InlineData("badvers", 505, "SIP version 'SIP/7.0' is not supported")]
    [InlineData("mismatch01", 400, "CSeq method INVITE does not match request method OPTIONS")]
    [InlineData("mismatch02", 400, "CSeq method INVITE does not match request method NEWMETHOD")]
    [InlineData("bigcode", 400, "status code '4294967301' is not three digits")]
    [InlineData("insuf", 400, "missing To")]
    [InlineData("unkscm", 416, "unsupported URI scheme 'nobodyknowsthisscheme' in the Request-URI")]
    [InlineData("novelsc", 416, "unsupported URI scheme 'soap.beep' in the Request-URI")]
    [InlineData("multi01", 400, "multiple From headers")]
    [InlineData("mcl01", 400, "multiple Content-Length headers")]
    public void An_invalid_torture_message_gets_the_status_and_reason_the_rfc_calls_for(string name, int status, string reason)
    {
        var result = Parse("invalid", name);

        Assert.Equal(status, result.RejectStatusCode);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("badvers", "OPTIONS", "sip:t.watson@example.org")]
    [InlineData("ltgtruri", "INVITE", "sip:user@example.com")]
    [InlineData("lwsstart", "INVITE", "sip:user@example.com")]
    [InlineData("lwsruri", "INVITE", "sip:user@example.com;lr")]
    [InlineData("clerr", "INVITE", "sip:user@example.com")]
    [InlineData("unkscm", "OPTIONS", "nobodyknowsthisscheme:totallyopaquecontent")]
    [InlineData("mismatch01", "OPTIONS", "sip:user@example.com")]
    public void A_rejected_request_that_can_be_answered_comes_with_its_partial_request(string name, string method, string requestUri)
    {
        var partial = Parse("invalid", name).PartialRequest;

        Assert.NotNull(partial);
        Assert.Equal(method, partial.Method);
        Assert.Equal(requestUri, partial.RequestUri.ToString());
        Assert.NotNull(partial.CallId);
        Assert.False(partial.Headers.Contains(SipHeaderNames.ContentLength));
    }

    [Theory]
    [InlineData("insuf")]
    [InlineData("bigcode")]
    [InlineData("scalarlg")]
    public void A_message_that_cannot_be_answered_has_no_partial_request(string name) =>
        Assert.Null(Parse("invalid", name).PartialRequest);

    [Fact]
    public void Baddate_is_accepted_because_nothing_reads_Date()
    {
        var result = Parse("invalid", "baddate");

        Assert.True(result.Success, result.Error);
        Assert.Equal("Fri, 01 Jan 2010 16:00:00 EST", result.Message!.Headers.Get("Date"));
    }

    [Fact]
    public void Inv2543_is_rejected_because_rfc_2543_compatibility_is_not_offered()
    {
        var result = Parse("valid", "inv2543");

        Assert.False(result.Success);
        Assert.Equal("missing Max-Forwards", result.Error);
        Assert.NotNull(result.PartialRequest);
    }

    [Fact]
    public void Wsinv_reads_folded_compact_and_oddly_spaced_headers()
    {
        var message = ParseValid("wsinv");

        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com;unknownparam", request.RequestUri.ToString());
        Assert.Equal("1918181833n", message.To!.Tag);
        Assert.Equal("J Rosenberg \\\"", message.From!.DisplayName);
        Assert.Equal("98asjd8", message.From.Tag);
        Assert.Equal(68, message.MaxForwards);
        Assert.Equal(new CSeqHeader(9, "INVITE"), message.CSeq);
        Assert.Equal(["192.0.2.2", "spindle.example.com", "192.168.255.111"], message.Vias.Select(v => v.Host));
        Assert.Equal(["UDP", "TCP", "UDP"], message.Vias.Select(v => v.Transport));
        Assert.Equal("z9hG4bK30239", message.Vias[2].Branch);
        Assert.Equal(string.Empty, message.Headers.Get(SipHeaderNames.Subject));
        Assert.Equal("newfangled value continued newfangled value", message.Headers.Get("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", message.Headers.Get("unknownheaderwithunusualvalue"));
        Assert.Equal("Quoted string \"\"", message.Contact!.DisplayName);
        Assert.Equal("newvalue", message.Contact.Parameters.Get("newparam"));
        Assert.True(message.Contact.Parameters.Contains("secondparam"));
        Assert.Equal("0.33", message.Contact.Parameters.Get("q"));
        Assert.Equal(150, message.Body.Length);
        Assert.True(message.HasSdp);
    }

    [Fact]
    public void Intmeth_keeps_unusual_token_characters_and_raw_bytes()
    {
        var message = ParseValid("intmeth");

        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", request.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", request.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", request.RequestUri.Password);
        Assert.Equal("example.com", request.RequestUri.Host);
        Assert.Equal("BEL:\u0007 NUL:\0 DEL:\u007f", message.To!.DisplayName);
        Assert.Equal("работающий", message.From!.Parameters.Get("fromParam''~+*_!.-%")!.Trim('"'));
        Assert.Equal("_token~1'+`*%!-.", message.From.Tag);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", message.CallId);
        Assert.Equal("\uFEFF大停電", message.Headers.Get("extensionHeader-!.%*+_`'~"));
    }

    [Fact]
    public void Esc02_tells_a_percent_named_header_apart_from_Contact()
    {
        var message = ParseValid("esc02");

        Assert.Equal("RE%47IST%45R", Assert.IsType<SipRequest>(message).Method);
        Assert.Equal(["<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>"], message.Headers.GetValues(SipHeaderNames.Contact));
        Assert.Equal("<sip:alias2@host2.example.com>", message.Headers.Get("C%6Fntact"));
        Assert.Equal("%Z%45", message.To!.DisplayName);
    }

    [Fact]
    public void Escnull_registers_two_contacts()
    {
        var message = ParseValid("escnull");

        Assert.Equal(2, message.Headers.GetValues(SipHeaderNames.Contact).Count);
        Assert.Equal("null-%00-null", message.To!.Uri.User);
    }

    [Fact]
    public void Dblreq_ignores_the_octets_after_content_length()
    {
        var message = ParseValid("dblreq");

        Assert.Equal("REGISTER", Assert.IsType<SipRequest>(message).Method);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", message.CallId);
        Assert.True(message.Body.IsEmpty);
    }

    [Fact]
    public void Semiuri_keeps_the_parameter_in_the_user_part()
    {
        var request = Assert.IsType<SipRequest>(ParseValid("semiuri"));

        Assert.Equal("user;par=u%40example.net", request.RequestUri.User);
        Assert.Equal("example.com", request.RequestUri.Host);
        Assert.Equal(6, request.Headers.GetValues("Accept").Count);
    }

    [Fact]
    public void Longreq_keeps_all_34_vias_in_order()
    {
        var message = ParseValid("longreq");

        Assert.Equal(34, message.Vias.Count);
        Assert.Equal("sip33.example.com", message.Vias[0].Host);
        Assert.Equal("host.example.com", message.Vias[33].Host);
        Assert.Equal(6000, message.To!.Uri.Port);
        Assert.Equal("longreq.one" + string.Concat(Enumerable.Repeat("really", 20)) + "longcallid", message.CallId);
    }

    [Fact]
    public void Transports_keeps_unknown_transports()
    {
        var message = ParseValid("transports");

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], message.Vias.Select(v => v.Transport));
    }

    [Fact]
    public void Mpart01_frames_a_binary_body_with_nul_and_cr_octets()
    {
        var message = ParseValid("mpart01");

        Assert.Equal(553, message.Body.Length);
        Assert.Contains((byte)0, message.Body.ToArray());
        Assert.EndsWith("--7a9cbec02ceef655--\r\n", Encoding.Latin1.GetString(message.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Unreason_and_noreason_keep_their_reason_phrases()
    {
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", Assert.IsType<SipResponse>(ParseValid("unreason")).ReasonPhrase);
        var empty = Assert.IsType<SipResponse>(ParseValid("noreason"));
        Assert.Equal(100, empty.StatusCode);
        Assert.Equal(string.Empty, empty.ReasonPhrase);
    }

    [Fact]
    public void Badbranch_keeps_the_bare_magic_cookie() =>
        Assert.Equal("z9hG4bK", ParseValid("badbranch").TopVia!.Branch);

    private static SipParseResult Parse(string folder, string name) =>
        SipParser.Parse(SipFixtures.Load($"rfc4475/{folder}/{name}.sip"), SipParserOptions.Default);

    private static SipMessage ParseValid(string name)
    {
        var result = Parse("valid", name);
        Assert.True(result.Success, result.Error);
        return result.Message!;
    }
}
