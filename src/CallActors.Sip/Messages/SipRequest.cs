namespace CallActors.Sip.Messages;

/// <summary>A SIP request: method, Request-URI, headers and body.</summary>
public sealed class SipRequest : SipMessage
{
    public SipRequest(string method, SipUri requestUri, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default)
        : base(headers ?? new SipHeaders(), body)
    {
        Method = method;
        RequestUri = requestUri;
    }

    public string Method { get; }

    public SipUri RequestUri { get; set; }

    public override bool IsRequest => true;

    public override string StartLine => $"{Method} {RequestUri} {Version}";

    public SipRequest Clone() => new(Method, RequestUri.Clone(), Headers.Clone(), Body);

    public override string ToString() => StartLine;
}
