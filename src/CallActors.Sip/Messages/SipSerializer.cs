using System.Buffers;
using System.Globalization;
using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>Writes a SIP message as UTF-8 bytes: start line, headers in order as <c>Name: value</c>, exactly one
/// Content-Length (from the body; any Content-Length among the headers is ignored), CRLF line ends, an empty line,
/// the body.</summary>
public static class SipSerializer
{
    private static ReadOnlySpan<byte> LineEnd => "\r\n"u8;

    private static ReadOnlySpan<byte> NameSeparator => ": "u8;

    private static ReadOnlySpan<byte> ContentLengthLine => "Content-Length: "u8;

    public static byte[] Serialize(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var startLine = message.StartLine;
        var bytes = new byte[Measure(message, startLine)];
        Write(message, startLine, bytes);
        return bytes;
    }

    /// <summary>Writes the same bytes as <see cref="Serialize"/> into <paramref name="writer"/>; returns how many.</summary>
    public static int WriteTo(SipMessage message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(writer);
        var startLine = message.StartLine;
        var size = Measure(message, startLine);
        Write(message, startLine, writer.GetSpan(size)[..size]);
        writer.Advance(size);
        return size;
    }

    private static int Measure(SipMessage message, string startLine)
    {
        var utf8 = Encoding.UTF8;
        var size = utf8.GetByteCount(startLine) + LineEnd.Length;
        var headers = message.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (!IsContentLength(header.Name))
            {
                size += utf8.GetByteCount(header.Name) + NameSeparator.Length + utf8.GetByteCount(header.Value) + LineEnd.Length;
            }
        }
        return size + ContentLengthLine.Length + Digits(message.Body.Length) + 2 * LineEnd.Length + message.Body.Length;
    }

    private static void Write(SipMessage message, string startLine, Span<byte> destination)
    {
        var utf8 = Encoding.UTF8;
        var position = utf8.GetBytes(startLine, destination);
        position += Copy(LineEnd, destination[position..]);
        var headers = message.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i];
            if (IsContentLength(header.Name))
            {
                continue;
            }
            position += utf8.GetBytes(header.Name, destination[position..]);
            position += Copy(NameSeparator, destination[position..]);
            var value = destination[position..];
            var length = utf8.GetBytes(header.Value, value);
            // A value set by code may hold a line break; writing it would inject a header, so it goes out as SP.
            value[..length].Replace((byte)'\r', (byte)' ');
            value[..length].Replace((byte)'\n', (byte)' ');
            position += length;
            position += Copy(LineEnd, destination[position..]);
        }
        position += Copy(ContentLengthLine, destination[position..]);
        message.Body.Length.TryFormat(destination[position..], out var digits, default, CultureInfo.InvariantCulture);
        position += digits;
        position += Copy(LineEnd, destination[position..]);
        position += Copy(LineEnd, destination[position..]);
        message.Body.Span.CopyTo(destination[position..]);
    }

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int Digits(int value)
    {
        var digits = 1;
        for (; value >= 10; value /= 10)
        {
            digits++;
        }
        return digits;
    }

    private static bool IsContentLength(string name) =>
        string.Equals(SipHeaderNames.Canonicalize(name), SipHeaderNames.ContentLength, StringComparison.Ordinal);
}
