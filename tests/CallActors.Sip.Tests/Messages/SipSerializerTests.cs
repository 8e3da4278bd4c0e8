using System.Buffers;
using System.Text;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

public sealed class SipSerializerTests
{
    [Fact]
    public void A_request_is_written_as_start_line_headers_in_order_content_length_blank_line_body()
    {
        var request = new SipRequest("INVITE", SipUri.Parse("sip:bob@192.0.2.20:5070"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport");
        request.Headers.Add(SipHeaderNames.From, "\"Zoë\" <sip:zoe@example.com>;tag=z1");
        request.Headers.Add(SipHeaderNames.To, "<sip:bob@example.com>");
        request.SetBody("v=0\r\n"u8.ToArray(), "application/sdp");

        var text = Encoding.UTF8.GetString(SipSerializer.Serialize(request));

        Assert.Equal(
            "INVITE sip:bob@192.0.2.20:5070 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport\r\n"
            + "From: \"Zoë\" <sip:zoe@example.com>;tag=z1\r\n"
            + "To: <sip:bob@example.com>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 5\r\n"
            + "\r\n"
            + "v=0\r\n",
            text);
    }

    [Fact]
    public void Content_Length_comes_from_the_body_and_any_in_the_headers_is_ignored()
    {
        var response = new SipResponse(200, "OK", new SipHeaders([new SipHeader("l", "999"), new SipHeader(SipHeaderNames.ContentLength, "7")]))
        {
            Body = "0123456789"u8.ToArray(),
        };

        var text = Encoding.UTF8.GetString(SipSerializer.Serialize(response));

        Assert.Equal("SIP/2.0 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", text);
    }

    [Fact]
    public void An_empty_body_is_written_as_Content_Length_0()
    {
        var text = Encoding.UTF8.GetString(SipSerializer.Serialize(new SipResponse(100)));

        Assert.Equal("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n", text);
    }

    [Fact]
    public void WriteTo_writes_the_same_bytes_and_returns_their_count()
    {
        var request = new SipRequest("OPTIONS", SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(SipHeaderNames.CallId, "c1");
        request.Body = new byte[1000];
        var writer = new ArrayBufferWriter<byte>(16);
        writer.Write("prefix"u8);

        var count = SipSerializer.WriteTo(request, writer);

        var expected = SipSerializer.Serialize(request);
        Assert.Equal(expected.Length, count);
        Assert.Equal(expected, writer.WrittenSpan[6..].ToArray());
    }

    [Fact]
    public void A_line_break_in_a_value_set_by_code_cannot_inject_a_header()
    {
        var request = new SipRequest("OPTIONS", SipUri.Parse("sip:bob@example.com"));
        request.Headers.Add(SipHeaderNames.Subject, "hello\r\nVia: SIP/2.0/UDP evil.example.com");

        var text = Encoding.UTF8.GetString(SipSerializer.Serialize(request));

        Assert.Contains("Subject: hello  Via: SIP/2.0/UDP evil.example.com\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nVia:", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(65_535)]
    public void Content_Length_digits_are_measured_exactly(int bodyLength)
    {
        var response = new SipResponse(200) { Body = new byte[bodyLength] };

        var bytes = SipSerializer.Serialize(response);

        var head = Encoding.ASCII.GetString(bytes, 0, bytes.Length - bodyLength);
        Assert.EndsWith($"Content-Length: {bodyLength}\r\n\r\n", head, StringComparison.Ordinal);
    }
}
