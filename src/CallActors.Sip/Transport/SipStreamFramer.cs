using System.Buffers;
using System.Text;

namespace CallActors.Sip.Transport;

/// <summary>What <see cref="SipStreamFramer"/> found at the start of a TCP byte stream.</summary>
internal enum SipStreamFrameKind
{
    /// <summary>One whole message: headers and a body of Content-Length bytes.</summary>
    Message,

    /// <summary>A double-CRLF keepalive ping (RFC 5626 §3.5.1), to be answered with one CRLF.</summary>
    Ping,

    /// <summary>The stream cannot be framed any further (no or bad Content-Length, too large): answer if the header
    /// block is complete, then close the connection.</summary>
    Invalid,
}

/// <summary>One frame. For <see cref="SipStreamFrameKind.Message"/> <see cref="Data"/> is the message; for
/// <see cref="SipStreamFrameKind.Invalid"/> it is the header block (through the blank line) when that was complete,
/// else empty, and <see cref="RejectStatusCode"/>/<see cref="Error"/> say why.</summary>
internal readonly record struct SipStreamFrame(SipStreamFrameKind Kind, ReadOnlySequence<byte> Data, int RejectStatusCode = 0, string? Error = null);

/// <summary>Cuts a SIP byte stream into messages (RFC 3261 §18.3): the header block ends at the first empty line
/// (CRLF or bare LF), the body is exactly Content-Length bytes (mandatory on a stream), and CRLFs between messages
/// are keepalives or padding. Scans the bytes in place; allocates nothing.</summary>
internal static class SipStreamFramer
{
    public const string MissingContentLength = "Missing Content-Length";
    public const string InvalidContentLength = "Invalid Content-Length";
    public const string MessageTooLarge = "Message Too Large";

    private const int MaxContentLengthLine = 128;

    /// <summary>Reads the next frame from the start of <paramref name="buffer"/> and moves <paramref name="buffer"/>
    /// past it. Returns false when more bytes are needed (<paramref name="buffer"/> may then have moved past
    /// padding CRLFs, which the caller consumes).</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxMessageBytes, out SipStreamFrame frame)
    {
        frame = default;
        if (!SkipPadding(ref buffer, out var ping))
        {
            return false;
        }
        if (ping)
        {
            buffer = buffer.Slice(4);
            frame = new SipStreamFrame(SipStreamFrameKind.Ping, ReadOnlySequence<byte>.Empty);
            return true;
        }

        var reader = new SequenceReader<byte>(buffer);
        long? contentLength = null;
        string? error = null;
        var firstLine = true;
        while (true)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                if (buffer.Length > maxMessageBytes)
                {
                    frame = new SipStreamFrame(SipStreamFrameKind.Invalid, ReadOnlySequence<byte>.Empty, 513, MessageTooLarge);
                    return true;
                }
                return false;
            }
            if (reader.Consumed > maxMessageBytes)
            {
                frame = new SipStreamFrame(SipStreamFrameKind.Invalid, ReadOnlySequence<byte>.Empty, 513, MessageTooLarge);
                return true;
            }
            var length = line.Length;
            if (length > 0 && EndsWithCarriageReturn(line))
            {
                length--;
            }
            if (length == 0)
            {
                break;
            }
            if (!firstLine && error is null)
            {
                ReadContentLength(line.Slice(0, length), ref contentLength, ref error);
            }
            firstLine = false;
        }

        var headerLength = reader.Consumed;
        var headers = buffer.Slice(0, headerLength);
        if (error is not null || contentLength is null)
        {
            frame = new SipStreamFrame(SipStreamFrameKind.Invalid, headers, 400, error ?? MissingContentLength);
            return true;
        }
        var total = headerLength + contentLength.Value;
        if (total > maxMessageBytes)
        {
            frame = new SipStreamFrame(SipStreamFrameKind.Invalid, headers, 513, MessageTooLarge);
            return true;
        }
        if (buffer.Length < total)
        {
            return false;
        }
        frame = new SipStreamFrame(SipStreamFrameKind.Message, buffer.Slice(0, total));
        buffer = buffer.Slice(total);
        return true;
    }

    /// <summary>Drops CR and LF bytes before a message. Returns false when the buffer is empty or could still turn
    /// into a ping; <paramref name="ping"/> is true when it starts with CRLFCRLF.</summary>
    private static bool SkipPadding(ref ReadOnlySequence<byte> buffer, out bool ping)
    {
        ping = false;
        Span<byte> head = stackalloc byte[4];
        while (!buffer.IsEmpty)
        {
            var first = buffer.FirstSpan[0];
            if (first is not ((byte)'\r' or (byte)'\n'))
            {
                return true;
            }
            var available = (int)Math.Min(buffer.Length, 4);
            buffer.Slice(0, available).CopyTo(head);
            if (head[..available].SequenceEqual("\r\n\r\n"u8[..available]))
            {
                if (available < 4)
                {
                    // A lone CRLF is a pong or padding; wait to see whether a second one makes it a ping.
                    return false;
                }
                ping = true;
                return true;
            }
            buffer = buffer.Slice(1);
        }
        return false;
    }

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == (byte)'\r';
    }

    private static void ReadContentLength(ReadOnlySequence<byte> line, ref long? contentLength, ref string? error)
    {
        var first = line.FirstSpan[0] | 0x20;
        if ((first != 'c' && first != 'l') || line.Length > MaxContentLengthLine)
        {
            return;
        }
        Span<byte> copy = stackalloc byte[MaxContentLengthLine];
        line.CopyTo(copy);
        var text = copy[..(int)line.Length];
        var colon = text.IndexOf((byte)':');
        if (colon < 0)
        {
            return;
        }
        var name = text[..colon].TrimEnd(" \t"u8);
        if (!Ascii.EqualsIgnoreCase(name, "Content-Length"u8) && !Ascii.EqualsIgnoreCase(name, "l"u8))
        {
            return;
        }
        var value = text[(colon + 1)..].Trim(" \t"u8);
        long parsed = 0;
        foreach (var digit in value)
        {
            if (digit is < (byte)'0' or > (byte)'9' || parsed > int.MaxValue)
            {
                error = InvalidContentLength;
                return;
            }
            parsed = (parsed * 10) + (digit - '0');
        }
        if (value.IsEmpty || (contentLength is { } previous && previous != parsed))
        {
            error = InvalidContentLength;
            return;
        }
        contentLength = parsed;
    }
}
