namespace CallActors.Sip.Messages;

/// <summary>The outcome of parsing one message.</summary>
public sealed class SipParseResult
{
    private SipParseResult(SipMessage? message, string? error, int rejectStatusCode, bool isKeepAlive, SipRequest? partialRequest)
    {
        Message = message;
        Error = error;
        RejectStatusCode = rejectStatusCode;
        IsKeepAlive = isKeepAlive;
        PartialRequest = partialRequest;
    }

    /// <summary>The result for input that was only CRLFs (an RFC 5626 keepalive).</summary>
    public static SipParseResult KeepAlive { get; } = new(null, null, 0, true, null);

    /// <summary>The message, on success.</summary>
    public SipMessage? Message { get; }

    /// <summary>Why the input was rejected: one line, for logs and the reason phrase of the 4xx/5xx answer.</summary>
    public string? Error { get; }

    /// <summary>400 by default; 505 for a SIP version other than 2.0; 416 for an unsupported Request-URI scheme;
    /// 513 for a message over the size limit. 0 when nothing was rejected.</summary>
    public int RejectStatusCode { get; }

    /// <summary>The input was only CRLFs: not an error, nothing to do.</summary>
    public bool IsKeepAlive { get; }

    /// <summary>The request as far as it could be read, when it was rejected but its start line and the headers a
    /// response needs (Via, From, To, Call-ID, CSeq) were read: the transport answers it with
    /// <see cref="RejectStatusCode"/> and <see cref="Error"/> as the reason. Null otherwise.</summary>
    public SipRequest? PartialRequest { get; }

    public bool Success => Message is not null;

    public static SipParseResult Parsed(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message, null, 0, false, null);
    }

    public static SipParseResult Rejected(string error, int rejectStatusCode = 400, SipRequest? partialRequest = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(null, SipErrorText.Sanitize(error), rejectStatusCode, false, partialRequest);
    }

    public override string ToString() =>
        Success ? $"parsed {Message!.StartLine}" : IsKeepAlive ? "keepalive" : $"rejected {RejectStatusCode}: {Error}";
}
