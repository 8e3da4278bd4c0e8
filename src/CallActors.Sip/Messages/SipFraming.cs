namespace CallActors.Sip.Messages;

/// <summary>How the transport delimited the bytes handed to the parser.</summary>
public enum SipFraming
{
    /// <summary>One UDP datagram: Content-Length may be missing (the body runs to the end).</summary>
    Datagram,

    /// <summary>One message framed by a stream transport: Content-Length is mandatory.</summary>
    Stream,
}
