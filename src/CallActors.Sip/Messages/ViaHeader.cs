using System.Globalization;
using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>One Via value (RFC 3261 §20.42, RFC 3581): <c>SIP/2.0/UDP host:port;branch=z9hG4bK…;rport;received=…</c>.</summary>
public sealed class ViaHeader
{
    /// <summary>The branch prefix that marks an RFC 3261 transaction id (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    public ViaHeader(string transport, string host, int? port, string? branch)
    {
        Transport = transport.ToUpperInvariant();
        Host = host;
        Port = port;
        if (branch is not null)
        {
            Parameters.Set("branch", branch);
        }
    }

    /// <summary>UDP, TCP, TLS, SCTP, WS… upper-case.</summary>
    public string Transport { get; set; }

    public string Host { get; set; }

    public int? Port { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    public string? Branch => Parameters.Get("branch");

    public string? Received
    {
        get => Parameters.Get("received");
        set => Parameters.Set("received", value);
    }

    /// <summary>True when the Via asks for RFC 3581 symmetric response routing (<c>;rport</c>, with or without a value).</summary>
    public bool HasRport => Parameters.Contains("rport");

    /// <summary>The rport value filled in by the receiver, or null.</summary>
    public int? Rport =>
        int.TryParse(Parameters.Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    public static ViaHeader Parse(string text) =>
        TryParse(text, out var via, out var error) ? via : throw new FormatException(error);

    public static bool TryParse(ReadOnlySpan<char> text, out ViaHeader via, out string? error)
    {
        via = null!;
        error = null;
        text = text.Trim(" \t");
        // sent-protocol = name LWS? "/" LWS? version LWS? "/" LWS? transport
        var parts = new string[3];
        var i = 0;
        for (var part = 0; part < 3; part++)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
            var start = i;
            while (i < text.Length && text[i] is not ('/' or ' ' or '\t'))
            {
                i++;
            }
            parts[part] = text[start..i].ToString();
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
            if (part < 2)
            {
                if (i >= text.Length || text[i] != '/')
                {
                    error = $"Via '{text}' has no SIP/2.0/<transport> protocol";
                    return false;
                }
                i++;
            }
        }
        if (!string.Equals(parts[0], "SIP", StringComparison.OrdinalIgnoreCase) || parts[1] != "2.0" || parts[2].Length == 0)
        {
            error = $"Via '{text}' has an unsupported protocol '{parts[0]}/{parts[1]}/{parts[2]}'";
            return false;
        }
        var rest = text[i..].TrimStart(" \t");
        var semicolon = rest.IndexOf(';');
        var sentBy = semicolon >= 0 ? rest[..semicolon] : rest;
        if (!SipUri.TryParseHostPort(sentBy, out var host, out var port, out error))
        {
            error = $"Via sent-by '{sentBy}': {error}";
            return false;
        }
        var result = new ViaHeader(parts[2], host, port, null);
        if (semicolon >= 0 && !SipParameters.TryParse(rest[semicolon..], result.Parameters, out error))
        {
            error = $"Via parameters: {error}";
            return false;
        }
        via = result;
        return true;
    }

    public ViaHeader Clone() => new(Transport, Host, Port, null) { Parameters = Parameters.Clone() };

    public override string ToString()
    {
        var builder = new StringBuilder(96);
        builder.Append("SIP/2.0/").Append(Transport).Append(' ').Append(Host);
        if (Port is { } port)
        {
            builder.Append(':').Append(port.ToString(CultureInfo.InvariantCulture));
        }
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
