using System.Globalization;

namespace CallActors.Sip.Messages;

/// <summary>RFC 3261 §8.1.1 / §8.2 semantic checks a UAS makes before acting on a request (and the matching checks on
/// a response): required headers present, single-valued ones present once, each one parsing.</summary>
public static class SipMessageValidator
{
    private const int BadRequest = 400;
    private const int UnsupportedUriScheme = 416;

    private static readonly string[] RequestRequired =
    [
        SipHeaderNames.To, SipHeaderNames.From, SipHeaderNames.CSeq, SipHeaderNames.CallId, SipHeaderNames.MaxForwards,
        SipHeaderNames.Via,
    ];

    private static readonly string[] ResponseRequired =
    [
        SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq,
    ];

    private static readonly string[] SingleValued =
    [
        SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq, SipHeaderNames.MaxForwards,
        SipHeaderNames.ContentLength,
    ];

    /// <summary>Null when the message is acceptable; otherwise one line naming the header and the problem, with the
    /// status code to reject a request with (400, or 416 for a Request-URI scheme other than sip, sips or tel).</summary>
    public static string? Validate(SipMessage message, out int rejectStatusCode)
    {
        ArgumentNullException.ThrowIfNull(message);
        rejectStatusCode = BadRequest;
        var request = message as SipRequest;
        var error = request is null ? null : CheckRequestLine(request, ref rejectStatusCode);
        error ??= CheckPresence(message, request) ?? CheckHeaders(message, request);
        if (error is null)
        {
            rejectStatusCode = 0;
            return null;
        }
        return SipErrorText.Sanitize(error);
    }

    private static string? CheckRequestLine(SipRequest request, ref int rejectStatusCode)
    {
        if (!SipMethods.IsToken(request.Method))
        {
            return $"method '{request.Method}' is not a token";
        }
        var uri = request.RequestUri;
        if (uri.Scheme is not ("sip" or "sips" or "tel"))
        {
            rejectStatusCode = UnsupportedUriScheme;
            return $"unsupported URI scheme '{uri.Scheme}' in the Request-URI";
        }
        // Headers are not allowed in a Request-URI (RFC 3261 §19.1.1 table 1; RFC 4475 §3.1.2.11).
        return uri.IsSip && uri.Headers is not null ? "Request-URI must not contain headers ('?')" : null;
    }

    private static string? CheckPresence(SipMessage message, SipRequest? request)
    {
        foreach (var name in request is null ? ResponseRequired : RequestRequired)
        {
            if (!message.Headers.Contains(name))
            {
                return $"missing {name}";
            }
        }
        if (request?.Method == SipMethods.Invite && !message.Headers.Contains(SipHeaderNames.Contact))
        {
            return $"missing {SipHeaderNames.Contact}";
        }
        foreach (var name in SingleValued)
        {
            var lines = 0;
            for (var i = 0; i < message.Headers.Count; i++)
            {
                if (string.Equals(message.Headers[i].Name, name, StringComparison.OrdinalIgnoreCase) && ++lines > 1)
                {
                    return $"multiple {name} headers";
                }
            }
        }
        return null;
    }

    private static string? CheckHeaders(SipMessage message, SipRequest? request)
    {
        var headers = message.Headers;
        var vias = headers.GetValues(SipHeaderNames.Via);
        if (vias.Count == 0)
        {
            return $"empty {SipHeaderNames.Via}";
        }
        foreach (var via in vias)
        {
            if (!ViaHeader.TryParse(via, out _, out var viaError))
            {
                return viaError;
            }
        }
        var error = CheckAddress(headers, SipHeaderNames.From) ?? CheckAddress(headers, SipHeaderNames.To);
        if (error is not null)
        {
            return error;
        }

        var callId = headers.Get(SipHeaderNames.CallId)!.AsSpan().Trim(" \t");
        if (callId.IsEmpty)
        {
            return $"empty {SipHeaderNames.CallId}";
        }
        if (callId.ContainsAny(' ', '\t'))
        {
            return $"{SipHeaderNames.CallId} '{callId}' contains whitespace";
        }

        if (!CSeqHeader.TryParse(headers.Get(SipHeaderNames.CSeq), out var cseq, out var cseqError))
        {
            return cseqError;
        }
        if (request is not null && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return $"CSeq method {cseq.Method} does not match request method {request.Method}";
        }

        var maxForwards = headers.Get(SipHeaderNames.MaxForwards);
        if (maxForwards is not null
            && (!int.TryParse(maxForwards.AsSpan().Trim(" \t"), NumberStyles.None, CultureInfo.InvariantCulture, out var hops) || hops > 255))
        {
            return $"{SipHeaderNames.MaxForwards} '{maxForwards}' is not an integer 0-255";
        }
        var contentLength = headers.Get(SipHeaderNames.ContentLength);
        if (contentLength is not null
            && !int.TryParse(contentLength.AsSpan().Trim(" \t"), NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return $"invalid {SipHeaderNames.ContentLength} '{contentLength}'";
        }

        foreach (var contact in headers.GetValues(SipHeaderNames.Contact))
        {
            if (!NameAddress.TryParse(contact, out _, out var contactError))
            {
                return $"{SipHeaderNames.Contact}: {contactError}";
            }
        }
        return null;
    }

    private static string? CheckAddress(SipHeaders headers, string name) =>
        NameAddress.TryParse(headers.Get(name), out _, out var error) ? null : $"{name}: {error}";
}
