using System.Text;
using CallActors.Sip.Messages;
using static CallActors.Sip.Tests.SipFixtures;

namespace CallActors.Sip.Tests;

public sealed class SipParserTests
{
    private const string Options = """
        OPTIONS sip:bob@example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport
        Max-Forwards: 70
        From: "Alice" <sip:alice@example.com>;tag=a1
        To: <sip:bob@example.com>
        Call-ID: c1@192.0.2.10
        CSeq: 1 OPTIONS
        Content-Length: 0


        """;

    [Fact]
    public void Compact_header_names_become_their_long_forms()
    {
        var message = ParseValid("""
            INVITE sip:bob@example.com SIP/2.0
            v: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1
            Max-Forwards: 70
            f: <sip:alice@example.com>;tag=a1
            t: <sip:bob@example.com>
            i: c1
            CSeq: 1 INVITE
            m: <sip:alice@192.0.2.10>
            k: replaces
            s: hello
            e: gzip
            o: refer
            r: <sip:carol@example.com>
            c: text/plain
            l: 2

            hi
            """);

        Assert.Equal(
            [SipHeaderNames.Via, SipHeaderNames.MaxForwards, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId,
                SipHeaderNames.CSeq, SipHeaderNames.Contact, SipHeaderNames.Supported, SipHeaderNames.Subject,
                SipHeaderNames.ContentEncoding, SipHeaderNames.Event, SipHeaderNames.ReferTo, SipHeaderNames.ContentType],
            message.Headers.Select(h => h.Name));
        Assert.Equal("c1", message.CallId);
        Assert.Equal("hi", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public void Header_names_are_case_insensitive()
    {
        var message = ParseValid(Options.Replace("Call-ID:", "cALL-iD:", StringComparison.Ordinal).Replace("CSeq:", "CSEQ:", StringComparison.Ordinal)
            .Replace("Max-Forwards: 70", "Max-Forwards: 70\nX-Custom-Thing: yes", StringComparison.Ordinal));

        Assert.Equal("c1@192.0.2.10", message.CallId);
        Assert.Contains(message.Headers, h => h.Name == "Call-ID");
        Assert.Contains(message.Headers, h => h.Name == "CSeq");
        Assert.Equal("yes", message.Headers.Get("x-custom-THING"));
    }

    [Fact]
    public void Bare_LF_line_ends_are_accepted()
    {
        var bytes = Encoding.UTF8.GetBytes(Options.ReplaceLineEndings("\n"));

        var result = SipParser.Parse(bytes, SipParserOptions.Default);

        Assert.True(result.Success, result.Error);
        Assert.Equal("c1@192.0.2.10", result.Message!.CallId);
    }

    [Fact]
    public void Mixed_line_ends_and_a_body_with_its_own_CRLFs_are_framed_by_Content_Length()
    {
        var bytes = Encoding.UTF8.GetBytes(
            "MESSAGE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\nMax-Forwards: 70\nFrom: <sip:a@h>;tag=1\r\n"
            + "To: <sip:bob@example.com>\nCall-ID: c\nCSeq: 2 MESSAGE\nContent-Length: 6\n\na\r\n\r\nb");

        var message = SipParser.Parse(bytes, SipParserOptions.Default).Message;

        Assert.NotNull(message);
        Assert.Equal("a\r\n\r\nb", Encoding.UTF8.GetString(message.Body.Span));
    }

    [Fact]
    public void Folded_lines_are_joined_with_one_space()
    {
        var message = ParseValid("""
            SIP/2.0 401 Unauthorized
            Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1
            From: <sip:alice@example.com>;tag=a1
            To: <sip:alice@example.com>;tag=r1
            Call-ID: c1
            CSeq: 1 REGISTER
            WWW-Authenticate: Digest realm="example.com",
              nonce="abc, def",
            	algorithm=MD5
            Subject: one
               two
             three
            Content-Length: 0


            """);

        Assert.Equal("Digest realm=\"example.com\", nonce=\"abc, def\", algorithm=MD5", message.Headers.Get(SipHeaderNames.WwwAuthenticate));
        Assert.Single(message.Headers.GetValues(SipHeaderNames.WwwAuthenticate));
        Assert.Equal("one two three", message.Headers.Get(SipHeaderNames.Subject));
    }

    [Fact]
    public void Whitespace_before_the_colon_and_around_the_value_is_not_part_of_it()
    {
        var message = ParseValid(Options.Replace("Call-ID: c1@192.0.2.10", "Call-ID \t :   c1@192.0.2.10  ", StringComparison.Ordinal));

        Assert.Equal("c1@192.0.2.10", message.Headers.Get(SipHeaderNames.CallId));
    }

    [Fact]
    public void Leading_CRLFs_before_the_start_line_are_skipped()
    {
        var result = SipParser.Parse(Crlf("\n\n\n" + Options), SipParserOptions.Default);

        Assert.True(result.Success, result.Error);
        Assert.Equal("OPTIONS sip:bob@example.com SIP/2.0", result.Message!.StartLine);
    }

    [Fact]
    public void Comma_separated_values_split_outside_quotes_and_angle_brackets()
    {
        var message = ParseValid("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK-p1, SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1
            Via: SIP/2.0/TCP first.example.com;branch=z9hG4bK-0
            From: "Bond, James" <sip:james@example.com>;tag=007
            To: <sip:m@example.com>;tag=m1
            Call-ID: c1
            CSeq: 1 REGISTER
            Contact: "Bond, James" <sip:james@192.0.2.10;transport=tcp?subject=a,b>;expires=60, <sip:james@192.0.2.11>
            Content-Length: 0


            """);

        Assert.Equal(["proxy.example.com", "192.0.2.10", "first.example.com"], message.Vias.Select(v => v.Host));
        Assert.Equal("Bond, James", message.From!.DisplayName);
        var contacts = message.Headers.GetValues(SipHeaderNames.Contact);
        Assert.Equal(2, contacts.Count);
        var first = NameAddress.Parse(contacts[0]);
        Assert.Equal("Bond, James", first.DisplayName);
        Assert.Equal("subject=a,b", first.Uri.Headers);
        Assert.Equal("60", first.Parameters.Get("expires"));
        Assert.Equal("sip:james@192.0.2.11", NameAddress.Parse(contacts[1]).Uri.ToString());
    }

    [Fact]
    public void In_an_addr_spec_the_parameters_belong_to_the_header_and_in_a_name_addr_to_whatever_side_of_the_bracket_they_are()
    {
        var message = ParseValid("""
            BYE sip:bob@192.0.2.20;transport=udp SIP/2.0
            Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-1
            Max-Forwards: 70
            From: sip:alice@example.com;transport=tcp;tag=a1
            To: <sip:bob@example.com;transport=tcp>;tag=b1
            Call-ID: c1
            CSeq: 2 BYE
            Content-Length: 0


            """);

        var request = Assert.IsType<SipRequest>(message);
        Assert.Equal("udp", request.RequestUri.Transport);
        Assert.Equal("a1", message.From!.Tag);
        Assert.Equal("tcp", message.From.Parameters.Get("transport"));
        Assert.Equal(0, message.From.Uri.Parameters.Count);
        Assert.Equal("b1", message.To!.Tag);
        Assert.Equal("tcp", message.To.Uri.Transport);
        Assert.False(message.To.Parameters.Contains("transport"));
    }

    [Fact]
    public void Content_Length_is_interpreted_and_removed_from_the_headers()
    {
        var message = ParseValid(Options);

        Assert.False(message.Headers.Contains(SipHeaderNames.ContentLength));
        Assert.True(message.Body.IsEmpty);
    }

    [Fact]
    public void On_a_datagram_a_missing_Content_Length_means_the_body_runs_to_the_end()
    {
        var result = Parse(Options.Replace("Content-Length: 0\n", string.Empty, StringComparison.Ordinal) + "v=0\n");

        Assert.True(result.Success, result.Error);
        Assert.Equal("v=0\r\n", Encoding.UTF8.GetString(result.Message!.Body.Span));
    }

    [Fact]
    public void On_a_datagram_bytes_beyond_Content_Length_are_dropped()
    {
        var result = Parse(Options.Replace("Content-Length: 0", "Content-Length: 3", StringComparison.Ordinal) + "v=0\nJUNK");

        Assert.True(result.Success, result.Error);
        Assert.Equal("v=0", Encoding.UTF8.GetString(result.Message!.Body.Span));
    }

    [Fact]
    public void On_a_datagram_a_Content_Length_beyond_the_bytes_received_is_rejected()
    {
        var result = Parse(Options.Replace("Content-Length: 0", "Content-Length: 300", StringComparison.Ordinal) + "v=0\n");

        Assert.False(result.Success);
        Assert.Equal(400, result.RejectStatusCode);
        Assert.Equal("Content-Length 300 exceeds the 5 body bytes received", result.Error);
        Assert.NotNull(result.PartialRequest);
    }

    [Fact]
    public void On_a_stream_Content_Length_is_mandatory_and_must_match_the_framed_body()
    {
        var exact = Parse(Options.Replace("Content-Length: 0", "Content-Length: 5", StringComparison.Ordinal) + "v=0\n", SipFraming.Stream);
        var missing = Parse(Options.Replace("Content-Length: 0\n", string.Empty, StringComparison.Ordinal), SipFraming.Stream);
        var extra = Parse(Options + "JUNK", SipFraming.Stream);

        Assert.True(exact.Success, exact.Error);
        Assert.Equal(5, exact.Message!.Body.Length);
        Assert.Equal("missing Content-Length (required on a stream transport)", missing.Error);
        Assert.Equal("4 bytes follow the 0-byte body that Content-Length announces", extra.Error);
    }

    [Theory]
    [InlineData("five")]
    [InlineData("-1")]
    [InlineData("+3")]
    [InlineData("99999999999999999999")]
    public void A_Content_Length_that_is_not_a_non_negative_integer_is_rejected(string value)
    {
        var result = Parse(Options.Replace("Content-Length: 0", "Content-Length: " + value, StringComparison.Ordinal));

        Assert.Equal($"invalid Content-Length '{value}'", result.Error);
    }

    [Fact]
    public void A_message_over_MaxMessageBytes_is_rejected_with_513_and_can_still_be_answered()
    {
        var bytes = Crlf(Options.Replace("Content-Length: 0", "Content-Length: 2000", StringComparison.Ordinal) + new string('x', 2000));
        var options = SipParserOptions.Default with { MaxMessageBytes = 1024 };

        var result = SipParser.Parse(bytes, options);

        Assert.False(result.Success);
        Assert.Equal(513, result.RejectStatusCode);
        Assert.Equal($"message of {bytes.Length} bytes exceeds the 1024-byte limit", result.Error);
        Assert.Equal("c1@192.0.2.10", result.PartialRequest?.CallId);
        Assert.True(SipParser.Parse(bytes, SipParserOptions.Default).Success);
    }

    [Fact]
    public void More_headers_than_MaxHeaderCount_are_rejected_with_a_reason_naming_the_limit()
    {
        var options = SipParserOptions.Default with { MaxHeaderCount = 8 };
        var eight = Crlf(Options.Replace("Max-Forwards: 70", "Max-Forwards: 70\nX-A: 1", StringComparison.Ordinal));
        var nine = Crlf(Options.Replace("Max-Forwards: 70", "Max-Forwards: 70\nX-A: 1\nX-B: 2", StringComparison.Ordinal));

        Assert.True(SipParser.Parse(eight, options).Success);
        var result = SipParser.Parse(nine, options);
        Assert.Equal(400, result.RejectStatusCode);
        Assert.Equal("more than 8 headers (the MaxHeaderCount limit)", result.Error);
    }

    [Fact]
    public void A_folded_header_counts_once_against_MaxHeaderCount()
    {
        var options = SipParserOptions.Default with { MaxHeaderCount = 7 };

        var result = SipParser.Parse(Crlf(Options.Replace("Call-ID: c1@192.0.2.10", "Call-ID:\n c1@192.0.2.10", StringComparison.Ordinal)), options);

        Assert.True(result.Success, result.Error);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("\n")]
    public void A_datagram_of_only_CRLFs_is_a_keepalive(string text)
    {
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipParserOptions.Default);

        Assert.True(result.IsKeepAlive);
        Assert.False(result.Success);
        Assert.Null(result.Error);
    }

    [Fact]
    public void An_empty_input_is_an_error_not_a_keepalive()
    {
        var result = SipParser.Parse([], SipParserOptions.Default);

        Assert.False(result.IsKeepAlive);
        Assert.Equal("empty message", result.Error);
    }

    [Fact]
    public void Method_names_are_case_sensitive()
    {
        var lower = Parse(Options.Replace("OPTIONS sip", "options sip", StringComparison.Ordinal));
        var lowerBoth = ParseValid(Options.Replace("OPTIONS", "options", StringComparison.Ordinal));

        Assert.Equal("CSeq method OPTIONS does not match request method options", lower.Error);
        Assert.Equal("options", Assert.IsType<SipRequest>(lowerBoth).Method);
    }

    [Theory]
    [InlineData("SIP/2.0 180 Ringing", 180, "Ringing")]
    [InlineData("SIP/2.0 699 Whatever it is", 699, "Whatever it is")]
    [InlineData("SIP/2.0 200 ", 200, "")]
    [InlineData("SIP/2.0 200", 200, "")]
    [InlineData("sip/2.0 200 OK", 200, "OK")]
    public void A_status_line_is_version_three_digits_and_a_reason_that_may_be_empty(string line, int code, string reason)
    {
        var response = Assert.IsType<SipResponse>(ParseValid(Response(line)));

        Assert.Equal(code, response.StatusCode);
        Assert.Equal(reason, response.ReasonPhrase);
    }

    [Theory]
    [InlineData("SIP/2.0 099 Too Low", "status code 99 is outside 100-699")]
    [InlineData("SIP/2.0 700 Too High", "status code 700 is outside 100-699")]
    [InlineData("SIP/2.0 20 OK", "status code '20' is not three digits")]
    [InlineData("SIP/2.0 2000 OK", "status code '2000' is not three digits")]
    [InlineData("SIP/2.0", "status line has no status code")]
    [InlineData("SIP/3.0 200 OK", "SIP version 'SIP/3.0' is not supported")]
    public void A_malformed_status_line_is_rejected(string line, string error) =>
        Assert.Equal(error, Parse(Response(line)).Error);

    [Theory]
    [InlineData("OPTIONS sip:bob@example.com SIP/3.0", 505, "SIP version 'SIP/3.0' is not supported")]
    [InlineData("OPTIONS sip:bob@example.com HTTP/1.1", 400, "request line is not 'Method SP Request-URI SP SIP/2.0'")]
    [InlineData("OPTIONS", 400, "request line has no Request-URI")]
    [InlineData("OPT(ONS sip:bob@example.com SIP/2.0", 400, "method 'OPT(ONS' is not a token")]
    [InlineData("OPTIONS mailto:bob@example.com SIP/2.0", 416, "unsupported URI scheme 'mailto' in the Request-URI")]
    [InlineData("OPTIONS sip:bob@exa mple.com SIP/2.0", 400, "Request-URI 'sip:bob@exa mple.com' contains whitespace")]
    [InlineData("OPTIONS\tsip:bob@example.com SIP/2.0", 400, "request line has extra whitespace")]
    public void A_malformed_request_line_is_rejected_with_the_status_that_fits(string line, int status, string error)
    {
        var result = Parse(Options.Replace("OPTIONS sip:bob@example.com SIP/2.0", line, StringComparison.Ordinal));

        Assert.Equal(error, result.Error);
        Assert.Equal(status, result.RejectStatusCode);
    }

    [Fact]
    public void A_tel_Request_URI_is_accepted()
    {
        var request = Assert.IsType<SipRequest>(ParseValid(Options.Replace("sip:bob@example.com SIP", "tel:+14155550100 SIP", StringComparison.Ordinal)));

        Assert.Equal("tel:+14155550100", request.RequestUri.ToString());
    }

    [Fact]
    public void A_header_value_that_is_not_UTF8_is_rejected()
    {
        var bytes = Crlf(Options.Replace("Max-Forwards: 70", "Max-Forwards: 70\nSubject: caf\u00e9", StringComparison.Ordinal));
        var at = bytes.AsSpan().IndexOf("caf"u8) + 3;
        bytes = [.. bytes[..at], 0xE9, .. bytes[(at + 2)..]];

        var result = SipParser.Parse(bytes, SipParserOptions.Default);

        Assert.Equal("Subject header is not valid UTF-8", result.Error);
        Assert.Equal(400, result.RejectStatusCode);
    }

    [Fact]
    public void UTF8_in_values_and_reason_phrases_is_decoded()
    {
        var message = ParseValid(Response("SIP/2.0 486 Ocupado ahora").Replace("To: <sip:bob@example.com>;tag=b1", "To: \"Zoë Ångström\" <sip:zoe@example.com>;tag=b1", StringComparison.Ordinal));

        Assert.Equal("Zoë Ångström", message.To!.DisplayName);
        Assert.Equal("Ocupado ahora", Assert.IsType<SipResponse>(message).ReasonPhrase);
    }

    [Theory]
    [InlineData("Max-Forwards 70", "header line without a colon")]
    [InlineData("Max Forwards: 70", "invalid header name")]
    [InlineData(": 70", "invalid header name")]
    public void A_malformed_header_line_is_rejected(string line, string error) =>
        Assert.Equal(error, Parse(Options.Replace("Max-Forwards: 70", line, StringComparison.Ordinal)).Error);

    [Fact]
    public void A_folded_line_before_any_header_is_rejected() =>
        Assert.Equal("folded line before the first header", Parse(Options.Replace("Via:", " Via:", StringComparison.Ordinal)).Error);

    [Fact]
    public void Headers_without_their_closing_empty_line_are_rejected()
    {
        var result = SipParser.Parse(Crlf(Options.TrimEnd('\n')), SipParserOptions.Default);

        Assert.Equal("headers are not ended by an empty line", result.Error);
    }

    [Fact]
    public void A_bare_CR_inside_a_header_line_is_rejected()
    {
        var bytes = Crlf(Options.Replace("Max-Forwards: 70", "Max-Forwards: 70 Injected: 1", StringComparison.Ordinal));
        bytes[bytes.AsSpan().IndexOf(" Injected"u8)] = (byte)'\r';

        Assert.Equal("bare CR in a header line", SipParser.Parse(bytes, SipParserOptions.Default).Error);
    }

    [Fact]
    public void An_error_quoting_the_input_stays_on_one_short_line()
    {
        var value = "1\u0001" + new string('9', 400);

        var error = Parse(Options.Replace("Content-Length: 0", "Content-Length: " + value, StringComparison.Ordinal)).Error!;

        Assert.StartsWith("invalid Content-Length '1?999", error, StringComparison.Ordinal);
        Assert.True(error.Length <= 160, error);
        Assert.EndsWith("...", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_missing_a_required_header_has_no_partial_request_when_a_response_could_not_be_built()
    {
        var result = Parse(Options.Replace("Call-ID: c1@192.0.2.10\n", string.Empty, StringComparison.Ordinal));

        Assert.Equal("missing Call-ID", result.Error);
        Assert.Null(result.PartialRequest);
    }

    [Fact]
    public void A_request_failing_validation_is_offered_whole_as_the_partial_request()
    {
        var result = Parse(Options.Replace("Max-Forwards: 70", "Max-Forwards: 300", StringComparison.Ordinal));

        Assert.Equal("Max-Forwards '300' is not an integer 0-255", result.Error);
        Assert.Equal("OPTIONS", result.PartialRequest?.Method);
        Assert.Equal(SipHeaderNames.Via, result.PartialRequest!.Headers[0].Name);
    }

    private static string Response(string statusLine) => statusLine + """

        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport
        From: <sip:alice@example.com>;tag=a1
        To: <sip:bob@example.com>;tag=b1
        Call-ID: c1@192.0.2.10
        CSeq: 1 INVITE
        Content-Length: 0


        """;
}
