using System.Text;

namespace CallActors.Sip.Tests.Transport;

/// <summary>SIP messages as a peer would put them on the wire.</summary>
internal static class SipText
{
    public static string Request(
        string method = "OPTIONS",
        string via = "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-test-1;rport",
        string callId = "call-1@test",
        int cseq = 1,
        string body = "",
        string? contentLength = "auto",
        string contentLengthName = "Content-Length")
    {
        var text = new StringBuilder()
            .Append(method).Append(" sip:b@example.com SIP/2.0\r\n")
            .Append("Via: ").Append(via).Append("\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append("From: <sip:a@example.com>;tag=a1\r\n")
            .Append("To: <sip:b@example.com>\r\n")
            .Append("Call-ID: ").Append(callId).Append("\r\n")
            .Append("CSeq: ").Append(cseq).Append(' ').Append(method).Append("\r\n");
        if (body.Length > 0)
        {
            text.Append("Content-Type: text/plain\r\n");
        }
        if (contentLength is not null)
        {
            var value = contentLength == "auto" ? Encoding.UTF8.GetByteCount(body).ToString(System.Globalization.CultureInfo.InvariantCulture) : contentLength;
            text.Append(contentLengthName).Append(": ").Append(value).Append("\r\n");
        }
        return text.Append("\r\n").Append(body).ToString();
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
