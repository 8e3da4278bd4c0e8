using System.Buffers;
using System.Text;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

public sealed class SipStreamFramerTests
{
    private const int Max = 65_535;

    [Fact]
    public void Two_messages_in_one_buffer_come_out_as_two_frames()
    {
        var first = SipText.Request(callId: "one", body: "hello");
        var second = SipText.Request(callId: "two");
        var buffer = Sequence(first + second);

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var a));
        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var b));

        Assert.Equal(SipStreamFrameKind.Message, a.Kind);
        Assert.Equal(first, Text(a.Data));
        Assert.Equal(second, Text(b.Data));
        Assert.True(buffer.IsEmpty);
        Assert.False(SipStreamFramer.TryRead(ref buffer, Max, out _));
    }

    [Fact]
    public void A_message_spread_over_one_byte_segments_is_framed_whole()
    {
        var message = SipText.Request(body: "v=0\r\n\r\nnot a header");
        var buffer = Sequence(message.Select(c => c.ToString()).ToArray());

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(message, Text(frame.Data));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void The_body_is_exactly_Content_Length_bytes_even_when_it_contains_a_blank_line()
    {
        var message = SipText.Request(body: "v=0\r\n\r\nINVITE sip:x SIP/2.0\r\n");
        var buffer = Sequence(message + "OPTIONS");

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(message, Text(frame.Data));
        Assert.Equal("OPTIONS", Text(buffer));
    }

    [Fact]
    public void An_incomplete_body_waits_for_more_bytes()
    {
        var message = SipText.Request(body: "0123456789");
        var buffer = Sequence(message[..^3]);

        Assert.False(SipStreamFramer.TryRead(ref buffer, Max, out _));
        Assert.Equal(message[..^3], Text(buffer));
    }

    [Theory]
    [InlineData("l")]
    [InlineData("L")]
    [InlineData("content-length")]
    [InlineData("CONTENT-LENGTH ")]
    public void Content_Length_is_found_in_any_case_and_compact_form(string name)
    {
        var message = SipText.Request(body: "abc", contentLengthName: name);
        var buffer = Sequence(message + "X");

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(SipStreamFrameKind.Message, frame.Kind);
        Assert.Equal(message, Text(frame.Data));
    }

    [Fact]
    public void Bare_LF_line_ends_are_accepted()
    {
        var message = SipText.Request(body: "abc").Replace("\r\n", "\n", StringComparison.Ordinal);
        var buffer = Sequence(message);

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(message, Text(frame.Data));
    }

    [Fact]
    public void A_missing_Content_Length_is_invalid_with_the_header_block_to_answer()
    {
        var message = SipText.Request(contentLength: null);
        var buffer = Sequence(message + "more");

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(SipStreamFrameKind.Invalid, frame.Kind);
        Assert.Equal(400, frame.RejectStatusCode);
        Assert.Equal(SipStreamFramer.MissingContentLength, frame.Error);
        Assert.Equal(message, Text(frame.Data));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    public void A_malformed_Content_Length_is_invalid(string value)
    {
        var buffer = Sequence(SipText.Request(contentLength: value));

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(SipStreamFrameKind.Invalid, frame.Kind);
        Assert.Equal(400, frame.RejectStatusCode);
    }

    [Fact]
    public void Two_different_Content_Lengths_are_invalid()
    {
        var message = SipText.Request(body: "abc").Replace("\r\n\r\n", "\r\nl: 4\r\n\r\n", StringComparison.Ordinal);
        var buffer = Sequence(message);

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(SipStreamFrameKind.Invalid, frame.Kind);
        Assert.Equal(SipStreamFramer.InvalidContentLength, frame.Error);
    }

    [Fact]
    public void A_message_larger_than_the_limit_is_invalid_513_as_soon_as_its_headers_are_read()
    {
        var message = SipText.Request(body: new string('x', 2000));
        var headers = message[..(message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)];
        var buffer = Sequence(headers);

        Assert.True(SipStreamFramer.TryRead(ref buffer, 1000, out var frame));

        Assert.Equal(SipStreamFrameKind.Invalid, frame.Kind);
        Assert.Equal(513, frame.RejectStatusCode);
        Assert.Equal(headers, Text(frame.Data));
    }

    [Fact]
    public void Headers_that_do_not_end_within_the_limit_are_invalid_513_without_a_header_block()
    {
        var buffer = Sequence("OPTIONS sip:b@example.com SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Filler: 0123456789\r\n", 100)));

        Assert.True(SipStreamFramer.TryRead(ref buffer, 1000, out var frame));

        Assert.Equal(SipStreamFrameKind.Invalid, frame.Kind);
        Assert.Equal(513, frame.RejectStatusCode);
        Assert.True(frame.Data.IsEmpty);
    }

    [Fact]
    public void A_double_CRLF_is_a_ping()
    {
        var message = SipText.Request();
        var buffer = Sequence("\r\n\r\n" + message);

        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var ping));
        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));

        Assert.Equal(SipStreamFrameKind.Ping, ping.Kind);
        Assert.Equal(message, Text(frame.Data));
    }

    [Fact]
    public void A_lone_CRLF_waits_and_a_CRLF_before_a_message_is_skipped()
    {
        var alone = Sequence("\r\n");
        Assert.False(SipStreamFramer.TryRead(ref alone, Max, out _));

        var message = SipText.Request();
        var buffer = Sequence("\r\n", message);
        Assert.True(SipStreamFramer.TryRead(ref buffer, Max, out var frame));
        Assert.Equal(SipStreamFrameKind.Message, frame.Kind);
        Assert.Equal(message, Text(frame.Data));
    }

    private static string Text(ReadOnlySequence<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());

    private static ReadOnlySequence<byte> Sequence(params string[] parts)
    {
        Segment? first = null;
        Segment? last = null;
        foreach (var part in parts)
        {
            var segment = new Segment(Encoding.UTF8.GetBytes(part));
            if (last is null)
            {
                first = segment;
            }
            else
            {
                last.Append(segment);
            }
            last = segment;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes) => Memory = bytes;

        public void Append(Segment next)
        {
            next.RunningIndex = RunningIndex + Memory.Length;
            Next = next;
        }
    }
}
