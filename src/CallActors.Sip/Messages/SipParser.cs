using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace CallActors.Sip.Messages;

/// <summary>Parses one SIP message from bytes (RFC 3261 §7, §25) the way real traffic writes it: bare LF line ends,
/// folded lines, compact and oddly cased names, whitespace before the colon, leading CRLFs. Malformed input yields a
/// rejected <see cref="SipParseResult"/>, never an exception.</summary>
public static class SipParser
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';
    private const byte Space = (byte)' ';
    private const byte Tab = (byte)'\t';
    private const int BadRequest = 400;
    private const int MessageTooLarge = 513;
    private const int VersionNotSupported = 505;
    private const int StackNameChars = 128;

    private static ReadOnlySpan<byte> Whitespace => " \t"u8;

    /// <summary>Parses <paramref name="data"/> as one message.</summary>
    /// <remarks>Datagram: the body runs to the end of the datagram when Content-Length is missing, is cut to
    /// Content-Length when the datagram is longer, and the message is rejected when Content-Length is larger than what
    /// arrived (RFC 3261 §18.3). Stream: <paramref name="data"/> is exactly one message framed by the transport, and
    /// Content-Length is mandatory.</remarks>
    public static SipParseResult Parse(ReadOnlySpan<byte> data, SipParserOptions options, SipFraming framing = SipFraming.Datagram)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (data.IsEmpty)
        {
            return SipParseResult.Rejected("empty message");
        }
        if (data.IndexOfAnyExcept(Cr, Lf) < 0)
        {
            return SipParseResult.KeepAlive;
        }

        string? error = null;
        var status = BadRequest;
        var limit = Math.Max(0, options.MaxMessageBytes);
        if (data.Length > limit)
        {
            // Still read the headers within the limit, so that a request can be answered with 513.
            error = $"message of {data.Length} bytes exceeds the {limit}-byte limit";
            status = MessageTooLarge;
            data = data[..limit];
        }

        var position = data.IndexOfAnyExcept(Cr, Lf);
        if (position < 0 || !TryReadLine(data, ref position, out var line))
        {
            return SipParseResult.Rejected(error ?? "message ends inside its start line", status);
        }
        var start = ReadStartLine(line);
        if (start.Error is not null && error is null)
        {
            error = start.Error;
            status = start.RejectStatusCode;
        }
        if (!start.IsReadable)
        {
            return SipParseResult.Rejected(error!, status);
        }

        var headers = new SipHeaders();
        var headerError = ReadHeaders(data, ref position, options.MaxHeaderCount, headers);
        if (headerError is not null && error is null)
        {
            error = headerError;
            status = BadRequest;
        }
        if (error is null)
        {
            error = ReadBody(data[position..], framing, headers, out var body);
            if (error is null)
            {
                return Complete(start, headers, body);
            }
        }
        return SipParseResult.Rejected(error, status, PartialRequest(start, headers));
    }

    private static SipParseResult Complete(StartLine start, SipHeaders headers, ReadOnlyMemory<byte> body)
    {
        SipMessage message = start.IsRequest
            ? new SipRequest(start.Method!, start.Uri!, headers, body)
            : new SipResponse(start.StatusCode, start.Reason, headers, body);
        var invalid = SipMessageValidator.Validate(message, out var status);
        if (invalid is null)
        {
            return SipParseResult.Parsed(message);
        }
        var partial = message is SipRequest request && HasResponseHeaders(headers) ? request : null;
        return SipParseResult.Rejected(invalid, status, partial);
    }

    /// <summary>Reads up to the next LF; the line excludes its CRLF or bare LF.</summary>
    private static bool TryReadLine(ReadOnlySpan<byte> data, ref int position, out ReadOnlySpan<byte> line)
    {
        var rest = data[position..];
        var lf = rest.IndexOf(Lf);
        if (lf < 0)
        {
            line = default;
            return false;
        }
        line = lf > 0 && rest[lf - 1] == Cr ? rest[..(lf - 1)] : rest[..lf];
        position += lf + 1;
        return true;
    }

    private static StartLine ReadStartLine(ReadOnlySpan<byte> line)
    {
        if (HasControlCharacter(line))
        {
            return StartLine.Unreadable("control character in the start line");
        }
        if (!Utf8.IsValid(line))
        {
            return StartLine.Unreadable("start line is not valid UTF-8");
        }
        var text = Encoding.UTF8.GetString(line);
        return text.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase) ? ReadStatusLine(text) : ReadRequestLine(text);
    }

    /// <summary>SIP-Version SP 3DIGIT SP Reason-Phrase, where the reason may be empty (RFC 4475 §3.1.1.13); a missing
    /// SP after the code is tolerated.</summary>
    private static StartLine ReadStatusLine(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return StartLine.Unreadable("status line has no status code");
        }
        var version = text.AsSpan(0, space);
        var rest = text.AsSpan(space + 1);
        var codeEnd = rest.IndexOf(' ');
        var code = codeEnd < 0 ? rest : rest[..codeEnd];
        if (code.Length != 3 || code.ContainsAnyExceptInRange('0', '9'))
        {
            return StartLine.Unreadable($"status code '{code}' is not three digits");
        }
        var statusCode = int.Parse(code, NumberStyles.None, CultureInfo.InvariantCulture);
        if (statusCode is < 100 or > 699)
        {
            return StartLine.Unreadable($"status code {statusCode} is outside 100-699");
        }
        var reason = codeEnd < 0 ? string.Empty : rest[(codeEnd + 1)..].ToString();
        var error = IsVersion20(version) ? null : $"SIP version '{version}' is not supported";
        return new StartLine(false, null, null, statusCode, reason, error, VersionNotSupported, IsReadable: true);
    }

    /// <summary>Method SP Request-URI SP SIP-Version. Extra whitespace is an error, but the line is still read
    /// leniently (first token, last token, what lies between) so that the request can be answered.</summary>
    private static StartLine ReadRequestLine(string text)
    {
        var trimmed = text.AsSpan().Trim(" \t");
        var first = trimmed.IndexOfAny(' ', '\t');
        var last = trimmed.LastIndexOfAny(' ', '\t');
        if (first <= 0)
        {
            return StartLine.Unreadable("request line has no Request-URI");
        }
        var method = trimmed[..first];
        var version = trimmed[(last + 1)..];
        var uriText = trimmed[first..(last + 1)].Trim(" \t");
        if (!SipMethods.IsToken(method))
        {
            return StartLine.Unreadable($"method '{method}' is not a token");
        }
        if (uriText.IsEmpty || !version.StartsWith("SIP/", StringComparison.OrdinalIgnoreCase))
        {
            return StartLine.Unreadable("request line is not 'Method SP Request-URI SP SIP/2.0'");
        }

        string? error = null;
        var status = BadRequest;
        var strict = text.Length == method.Length + uriText.Length + version.Length + 2
            && text[method.Length] == ' ' && text[method.Length + 1 + uriText.Length] == ' ';
        if (uriText.ContainsAny(' ', '\t'))
        {
            error = $"Request-URI '{uriText}' contains whitespace";
        }
        else if (!strict)
        {
            error = "request line has extra whitespace";
        }
        else if (!IsVersion20(version))
        {
            error = $"SIP version '{version}' is not supported";
            status = VersionNotSupported;
        }

        var parsed = SipUri.TryParse(uriText, out var uri, out var uriError);
        if (!parsed)
        {
            error ??= $"invalid Request-URI: {uriError}";
            // For the answer only: a URI wrapped in <> (RFC 4475 §3.1.2.7) still says where the request went.
            // Otherwise a placeholder: a response never needs the Request-URI, so the request can still be answered.
            if (!SipUri.TryParse(uriText.Trim("<>"), out uri, out _))
            {
                uri = SipUri.Create(null, "invalid.invalid");
            }
        }
        return new StartLine(true, method.ToString(), uri, 0, null, error, status, IsReadable: true);
    }

    private static bool IsVersion20(ReadOnlySpan<char> version) =>
        version.Equals(SipMessage.Version, StringComparison.OrdinalIgnoreCase);

    private static string? ReadHeaders(ReadOnlySpan<byte> data, ref int position, int maxHeaders, SipHeaders headers)
    {
        var count = 0;
        while (true)
        {
            if (!TryReadLine(data, ref position, out var line))
            {
                return "headers are not ended by an empty line";
            }
            if (line.IsEmpty)
            {
                return null;
            }
            if (line[0] is Space or Tab)
            {
                return "folded line before the first header";
            }
            if (line.Contains(Cr))
            {
                return "bare CR in a header line";
            }
            // Continuation lines start with SP or HTAB (RFC 3261 §7.3.1); a line of only whitespace is one too.
            var continuationStart = position;
            while (position < data.Length && data[position] is Space or Tab)
            {
                if (!TryReadLine(data, ref position, out var continuation))
                {
                    return "headers are not ended by an empty line";
                }
                if (continuation.Contains(Cr))
                {
                    return "bare CR in a header line";
                }
            }
            if (++count > maxHeaders)
            {
                return $"more than {maxHeaders} headers (the MaxHeaderCount limit)";
            }
            var error = AddHeader(line, data[continuationStart..position], headers);
            if (error is not null)
            {
                return error;
            }
        }
    }

    private static string? AddHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> continuation, SipHeaders headers)
    {
        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            return "header line without a colon";
        }
        var nameBytes = line[..colon].TrimEnd(Whitespace);
        if (nameBytes.IsEmpty || !IsToken(nameBytes))
        {
            return "invalid header name";
        }
        var name = CanonicalName(nameBytes);
        var value = continuation.IsEmpty ? DecodeValue(line[(colon + 1)..].Trim(Whitespace)) : Unfold(line[(colon + 1)..], continuation);
        if (value is null)
        {
            return $"{name} header is not valid UTF-8";
        }
        headers.Add(name, value);
        return null;
    }

    /// <summary>Known names come back as their interned canonical string, so the common case allocates nothing.</summary>
    private static string CanonicalName(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > StackNameChars)
        {
            return SipHeaderNames.Canonicalize(Encoding.ASCII.GetString(ascii));
        }
        Span<char> chars = stackalloc char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++)
        {
            chars[i] = (char)ascii[i];
        }
        return SipHeaderNames.Canonicalize(chars);
    }

    /// <summary>Joins a folded value: each line trimmed, the pieces joined by one SP (LWS is equivalent to SP).</summary>
    private static string? Unfold(ReadOnlySpan<byte> firstValue, ReadOnlySpan<byte> continuation)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(firstValue.Length + continuation.Length);
        try
        {
            var length = 0;
            Append(buffer, ref length, firstValue);
            var position = 0;
            while (TryReadLine(continuation, ref position, out var piece))
            {
                Append(buffer, ref length, piece);
            }
            return DecodeValue(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        static void Append(byte[] buffer, ref int length, ReadOnlySpan<byte> piece)
        {
            piece = piece.Trim(Whitespace);
            if (piece.IsEmpty)
            {
                return;
            }
            if (length > 0)
            {
                buffer[length++] = Space;
            }
            piece.CopyTo(buffer.AsSpan(length));
            length += piece.Length;
        }
    }

    private static string? DecodeValue(ReadOnlySpan<byte> value) =>
        value.IsEmpty ? string.Empty : Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : null;

    private static string? ReadBody(ReadOnlySpan<byte> rest, SipFraming framing, SipHeaders headers, out ReadOnlyMemory<byte> body)
    {
        body = ReadOnlyMemory<byte>.Empty;
        string? lengthText = null;
        var lengthLines = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.Equals(headers[i].Name, SipHeaderNames.ContentLength, StringComparison.Ordinal))
            {
                lengthText = headers[i].Value;
                lengthLines++;
            }
        }
        // The serializer writes its own Content-Length from the body.
        headers.Remove(SipHeaderNames.ContentLength);

        int length;
        if (lengthLines > 1)
        {
            return "multiple Content-Length headers";
        }
        if (lengthText is null)
        {
            if (framing == SipFraming.Stream)
            {
                return "missing Content-Length (required on a stream transport)";
            }
            length = rest.Length;
        }
        else if (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length))
        {
            return $"invalid Content-Length '{lengthText}'";
        }
        else if (length > rest.Length)
        {
            return $"Content-Length {length} exceeds the {rest.Length} body bytes received";
        }
        else if (framing == SipFraming.Stream && length < rest.Length)
        {
            return $"{rest.Length - length} bytes follow the {length}-byte body that Content-Length announces";
        }
        if (length > 0)
        {
            body = rest[..length].ToArray();
        }
        return null;
    }

    private static SipRequest? PartialRequest(StartLine start, SipHeaders headers)
    {
        if (!start.IsRequest || start.Uri is null || !HasResponseHeaders(headers))
        {
            return null;
        }
        headers.Remove(SipHeaderNames.ContentLength);
        return new SipRequest(start.Method!, start.Uri, headers);
    }

    /// <summary>The headers RFC 3261 §8.2.6.2 copies into a response.</summary>
    private static bool HasResponseHeaders(SipHeaders headers) =>
        headers.Contains(SipHeaderNames.Via) && headers.Contains(SipHeaderNames.From) && headers.Contains(SipHeaderNames.To)
        && headers.Contains(SipHeaderNames.CallId) && headers.Contains(SipHeaderNames.CSeq);

    /// <summary>C0 controls other than HTAB, and DEL.</summary>
    private static bool HasControlCharacter(ReadOnlySpan<byte> text) =>
        text.IndexOfAnyInRange((byte)0x00, (byte)0x08) >= 0 || text.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) >= 0 || text.Contains((byte)0x7F);

    /// <summary>RFC 3261 token: alphanumerics and <c>-.!%*_+`'~</c>.</summary>
    private static bool IsToken(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            if (!char.IsAsciiLetterOrDigit((char)b) && "-.!%*_+`'~"u8.IndexOf(b) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The start line as read. A request's <see cref="Uri"/> may be set even when <see cref="Error"/> is,
    /// for answering it; <see cref="IsReadable"/> is false when nothing after the line can be trusted.</summary>
    private readonly record struct StartLine(
        bool IsRequest, string? Method, SipUri? Uri, int StatusCode, string? Reason, string? Error, int RejectStatusCode, bool IsReadable)
    {
        public static StartLine Unreadable(string error) => new(false, null, null, 0, null, error, BadRequest, IsReadable: false);
    }
}
