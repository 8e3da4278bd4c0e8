using System.Globalization;

namespace CallActors.Sip.Messages;

/// <summary>A SIP request or response: start line, ordered headers and a body. Typed accessors parse the header
/// they read each time; a caller that needs a value twice keeps it.</summary>
public abstract class SipMessage
{
    public const string Version = "SIP/2.0";

    protected SipMessage(SipHeaders headers, ReadOnlyMemory<byte> body)
    {
        Headers = headers;
        Body = body;
    }

    public SipHeaders Headers { get; }

    /// <summary>The body. Content-Length is written from its length by the serializer.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public abstract bool IsRequest { get; }

    /// <summary>The first line as it is written (<c>INVITE sip:b@h SIP/2.0</c>, <c>SIP/2.0 180 Ringing</c>).</summary>
    public abstract string StartLine { get; }

    public string? CallId => Headers.Get(SipHeaderNames.CallId)?.Trim();

    public NameAddress? From => ParseAddress(SipHeaderNames.From);

    public NameAddress? To => ParseAddress(SipHeaderNames.To);

    public CSeqHeader? CSeq =>
        Headers.Get(SipHeaderNames.CSeq) is { } text && CSeqHeader.TryParse(text, out var value, out _) ? value : null;

    /// <summary>The top Via, or null when there is none or it does not parse.</summary>
    public ViaHeader? TopVia =>
        Headers.GetFirstValue(SipHeaderNames.Via) is { } text && ViaHeader.TryParse(text, out var via, out _) ? via : null;

    /// <summary>Every Via value in order (top first); values that do not parse are skipped.</summary>
    public IReadOnlyList<ViaHeader> Vias =>
        Headers.GetValues(SipHeaderNames.Via).Select(v => ViaHeader.TryParse(v, out var via, out _) ? via : null)
            .OfType<ViaHeader>().ToList();

    /// <summary>The first Contact, or null.</summary>
    public NameAddress? Contact =>
        Headers.GetFirstValue(SipHeaderNames.Contact) is { } text && NameAddress.TryParse(text, out var value, out _) ? value : null;

    public int? MaxForwards =>
        int.TryParse(Headers.Get(SipHeaderNames.MaxForwards)?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The media type of the body without parameters, lower-case (<c>application/sdp</c>), or null.</summary>
    public string? ContentType
    {
        get
        {
            var value = Headers.Get(SipHeaderNames.ContentType);
            if (value is null)
            {
                return null;
            }
            var semicolon = value.IndexOf(';', StringComparison.Ordinal);
            return (semicolon >= 0 ? value[..semicolon] : value).Trim().ToLowerInvariant();
        }
    }

    /// <summary>True when the body is SDP.</summary>
    public bool HasSdp => !Body.IsEmpty && ContentType == "application/sdp";

    /// <summary>Replaces the body and its Content-Type (or removes both when the body is empty).</summary>
    public void SetBody(ReadOnlyMemory<byte> body, string? contentType)
    {
        Body = body;
        if (body.IsEmpty || contentType is null)
        {
            Headers.Remove(SipHeaderNames.ContentType);
        }
        else
        {
            Headers.Set(SipHeaderNames.ContentType, contentType);
        }
    }

    private NameAddress? ParseAddress(string name) =>
        Headers.Get(name) is { } text && NameAddress.TryParse(text, out var value, out _) ? value : null;
}
