using System.Globalization;

namespace CallActors.Sip.Messages;

/// <summary>A SIP response: status code, reason phrase, headers and body.</summary>
public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string? reasonPhrase = null, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers ?? new SipHeaders(), body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipStatusCodes.ReasonPhrase(statusCode);
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public override string StartLine => $"{Version} {StatusCode.ToString(CultureInfo.InvariantCulture)} {ReasonPhrase}";

    /// <summary>A response to <paramref name="request"/> per RFC 3261 §8.2.6: Via (all, in order), From, To, Call-ID
    /// and CSeq copied; a To tag added when one is given and the request had none.</summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reasonPhrase);
        foreach (var line in request.Headers)
        {
            if (line.Name is SipHeaderNames.Via or SipHeaderNames.From or SipHeaderNames.CallId or SipHeaderNames.CSeq)
            {
                response.Headers.Add(line.Name, line.Value);
            }
        }
        var to = request.Headers.Get(SipHeaderNames.To);
        if (to is not null)
        {
            if (toTag is not null && NameAddress.TryParse(to, out var address, out _) && address.Tag is null)
            {
                address.Tag = toTag;
                to = address.ToString();
            }
            response.Headers.Add(SipHeaderNames.To, to);
        }
        return response;
    }

    public SipResponse Clone() => new(StatusCode, ReasonPhrase, Headers.Clone(), Body);

    public override string ToString() => StartLine;
}
