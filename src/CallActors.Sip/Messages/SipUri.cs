using System.Globalization;
using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>A SIP or SIPS URI (RFC 3261 §19.1): <c>sip:user:password@host:port;params?headers</c>. Other schemes
/// (tel:, urn:) are kept whole in <see cref="Opaque"/>. The user part is kept escaped, as it came.</summary>
public sealed class SipUri
{
    public string Scheme { get; private set; } = "sip";

    public string? User { get; set; }

    public string? Password { get; set; }

    public string Host { get; set; } = string.Empty;

    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>The <c>?h=v&amp;…</c> part without the question mark, or null.</summary>
    public string? Headers { get; set; }

    /// <summary>For a scheme other than sip/sips: everything after the colon.</summary>
    public string? Opaque { get; private set; }

    public bool IsSip => Opaque is null;

    public bool IsSecure => string.Equals(Scheme, "sips", StringComparison.OrdinalIgnoreCase);

    /// <summary>The transport named by <c>;transport=</c>, lower-case, or null.</summary>
    public string? Transport => Parameters.Get("transport")?.ToLowerInvariant();

    public static SipUri Create(string? user, string host, int? port = null) =>
        new() { User = user, Host = host, Port = port };

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException(error);

    public static bool TryParse(ReadOnlySpan<char> text, out SipUri uri, out string? error)
    {
        uri = new SipUri();
        error = null;
        text = text.Trim(" \t");
        var colon = text.IndexOf(':');
        if (colon <= 0)
        {
            error = $"URI '{text}' has no scheme";
            return false;
        }
        var scheme = text[..colon];
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '+' && c != '-' && c != '.')
            {
                error = $"URI '{text}' has an invalid scheme";
                return false;
            }
        }
        uri.Scheme = scheme.ToString().ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (uri.Scheme is not ("sip" or "sips"))
        {
            if (rest.IsEmpty)
            {
                error = $"URI '{text}' is empty after its scheme";
                return false;
            }
            uri.Opaque = rest.ToString();
            return true;
        }

        // The user part may contain '?' and ';' (RFC 3261 §25.1 user-unreserved, RFC 4475 §3.1.1.2), while '@'
        // never appears unescaped after the host. So when no '@' precedes the first '?', the userinfo ends at the
        // last '@'; otherwise at the last '@' before the '?', which keeps a raw '@' in a header value
        // (sip:bob@host?Replaces=id@host) out of the userinfo.
        var question = rest.IndexOf('?');
        var at = question >= 0 ? rest[..question].LastIndexOf('@') : -1;
        if (at < 0)
        {
            at = rest.LastIndexOf('@');
        }
        ReadOnlySpan<char> userInfo = default;
        if (at >= 0)
        {
            userInfo = rest[..at];
            rest = rest[(at + 1)..];
        }
        question = rest.IndexOf('?');
        if (question >= 0)
        {
            uri.Headers = rest[(question + 1)..].ToString();
            rest = rest[..question];
        }
        if (at >= 0)
        {
            var passwordColon = userInfo.IndexOf(':');
            var user = passwordColon >= 0 ? userInfo[..passwordColon] : userInfo;
            if (user.IsEmpty)
            {
                error = $"URI '{text}' has an empty user part";
                return false;
            }
            if (user.ContainsAny(" \t<>\""))
            {
                error = $"URI '{text}' has an unescaped character in its user part";
                return false;
            }
            uri.User = user.ToString();
            if (passwordColon >= 0)
            {
                uri.Password = userInfo[(passwordColon + 1)..].ToString();
            }
        }

        var semicolon = rest.IndexOf(';');
        var hostPort = semicolon >= 0 ? rest[..semicolon] : rest;
        if (semicolon >= 0 && !SipParameters.TryParse(rest[(semicolon + 1)..], uri.Parameters, out error))
        {
            error = $"URI '{text}': {error}";
            return false;
        }
        if (!TryParseHostPort(hostPort, out var host, out var port, out error))
        {
            error = $"URI '{text}': {error}";
            return false;
        }
        uri.Host = host;
        uri.Port = port;
        return true;
    }

    /// <summary>Parses <c>host[:port]</c> where host is a name, an IPv4 address or a bracketed IPv6 reference.</summary>
    public static bool TryParseHostPort(ReadOnlySpan<char> text, out string host, out int? port, out string? error)
    {
        host = string.Empty;
        port = null;
        error = null;
        text = text.Trim(" \t");
        ReadOnlySpan<char> portText = default;
        if (text.StartsWith("["))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                error = "unterminated IPv6 reference";
                return false;
            }
            host = text[..(close + 1)].ToString();
            var after = text[(close + 1)..];
            if (!after.IsEmpty)
            {
                if (after[0] != ':')
                {
                    error = "unexpected text after IPv6 reference";
                    return false;
                }
                portText = after[1..];
            }
        }
        else
        {
            var colon = text.IndexOf(':');
            var hostPart = colon >= 0 ? text[..colon] : text;
            if (colon >= 0)
            {
                portText = text[(colon + 1)..];
            }
            if (hostPart.IsEmpty)
            {
                error = "empty host";
                return false;
            }
            foreach (var c in hostPart)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '.' && c != '_')
                {
                    error = $"invalid character '{c}' in host";
                    return false;
                }
            }
            host = hostPart.ToString();
        }
        if (!portText.IsEmpty || text.EndsWith(":"))
        {
            if (!int.TryParse(portText.Trim(" \t"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 65535)
            {
                error = $"invalid port '{portText}'";
                return false;
            }
            port = value;
        }
        return true;
    }

    public SipUri Clone() => new()
    {
        Scheme = Scheme, User = User, Password = Password, Host = Host, Port = Port,
        Parameters = Parameters.Clone(), Headers = Headers, Opaque = Opaque,
    };

    public override string ToString()
    {
        var builder = new StringBuilder(64);
        builder.Append(Scheme).Append(':');
        if (Opaque is not null)
        {
            return builder.Append(Opaque).ToString();
        }
        if (User is not null)
        {
            builder.Append(User);
            if (Password is not null)
            {
                builder.Append(':').Append(Password);
            }
            builder.Append('@');
        }
        builder.Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }
        Parameters.AppendTo(builder);
        if (Headers is not null)
        {
            builder.Append('?').Append(Headers);
        }
        return builder.ToString();
    }
}
