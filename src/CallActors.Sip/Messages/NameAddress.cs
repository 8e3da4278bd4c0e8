using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>The value of From, To, Contact, Route, Record-Route, Refer-To: an optional display name, a URI, and
/// header parameters (<c>;tag=</c>, <c>;expires=</c>). Accepts both name-addr (<c>"Bob" &lt;sip:b@h&gt;;tag=1</c>)
/// and the bare addr-spec form (<c>sip:b@h;tag=1</c>), where trailing parameters belong to the header.</summary>
public sealed class NameAddress
{
    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    /// <summary>The display name without its quotes (escapes resolved), or null.</summary>
    public string? DisplayName { get; set; }

    public SipUri Uri { get; set; }

    public SipParameters Parameters { get; private set; } = new();

    /// <summary>A Contact of <c>*</c> (REGISTER's remove-all form).</summary>
    public bool IsWildcard { get; private init; }

    public string? Tag
    {
        get => Parameters.Get("tag");
        set
        {
            if (value is null)
            {
                Parameters.Remove("tag");
            }
            else
            {
                Parameters.Set("tag", value);
            }
        }
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(ReadOnlySpan<char> text, out NameAddress value, out string? error)
    {
        value = null!;
        error = null;
        text = text.Trim(" \t");
        if (text.IsEmpty)
        {
            error = "empty address";
            return false;
        }
        if (text is "*")
        {
            value = new NameAddress(new SipUri()) { IsWildcard = true };
            return true;
        }

        string? displayName = null;
        ReadOnlySpan<char> uriText;
        ReadOnlySpan<char> parameters;
        var rest = text;
        if (rest[0] == '"')
        {
            var builder = new StringBuilder();
            var i = 1;
            for (; i < rest.Length && rest[i] != '"'; i++)
            {
                if (rest[i] == '\\' && i + 1 < rest.Length)
                {
                    i++;
                }
                builder.Append(rest[i]);
            }
            if (i >= rest.Length)
            {
                error = "unterminated quoted display name";
                return false;
            }
            displayName = builder.ToString();
            rest = rest[(i + 1)..].TrimStart(" \t");
            if (rest.IsEmpty || rest[0] != '<')
            {
                error = "a quoted display name must be followed by <URI>";
                return false;
            }
        }

        var open = rest.IndexOf('<');
        if (open >= 0)
        {
            if (displayName is null)
            {
                var token = rest[..open].Trim(" \t");
                if (!IsUnquotedDisplayName(token))
                {
                    error = $"display name '{token}' must be quoted";
                    return false;
                }
                displayName = token.IsEmpty ? null : token.ToString();
            }
            var close = rest[open..].IndexOf('>');
            if (close < 0)
            {
                error = "missing '>' after the URI";
                return false;
            }
            uriText = rest.Slice(open + 1, close - 1);
            parameters = rest[(open + close + 1)..];
            // LAQUOT and RAQUOT take whitespace only outside the brackets (RFC 3261 §25.1; RFC 4475 §3.1.2.14).
            if (!uriText.IsEmpty && (uriText[0] is ' ' or '\t' || uriText[^1] is ' ' or '\t'))
            {
                error = $"whitespace inside <{uriText}>";
                return false;
            }
        }
        else
        {
            var semicolon = rest.IndexOf(';');
            uriText = (semicolon >= 0 ? rest[..semicolon] : rest).TrimEnd(" \t");
            parameters = semicolon >= 0 ? rest[semicolon..] : default;
            if (uriText.ContainsAny(" \t"))
            {
                error = $"'{uriText}' is not a URI (a display name needs <URI>)";
                return false;
            }
            // A URI with a comma, question mark or semicolon must be in <> (RFC 3261 §20; RFC 4475 §3.1.2.13).
            if (uriText.ContainsAny(",?"))
            {
                error = $"'{uriText}' must be enclosed in <> (it contains ',' or '?')";
                return false;
            }
        }

        if (!SipUri.TryParse(uriText, out var uri, out error))
        {
            return false;
        }
        var result = new NameAddress(uri, displayName);
        parameters = parameters.Trim(" \t");
        if (!parameters.IsEmpty)
        {
            if (parameters[0] != ';')
            {
                error = $"unexpected text '{parameters}' after the address";
                return false;
            }
            if (!SipParameters.TryParse(parameters, result.Parameters, out error))
            {
                return false;
            }
        }
        value = result;
        return true;
    }

    /// <summary>An unquoted display name is a run of tokens separated by whitespace (RFC 3261 §25.1). Characters
    /// beyond ASCII are let through: some user agents send UTF-8 names unquoted, and nothing is ambiguous about them.</summary>
    private static bool IsUnquotedDisplayName(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not (' ' or '\t') && c < 0x80 && !SipMethods.IsToken(new ReadOnlySpan<char>(in c)))
            {
                return false;
            }
        }
        return true;
    }

    public NameAddress Clone() => new(Uri.Clone(), DisplayName) { Parameters = Parameters.Clone(), IsWildcard = IsWildcard };

    /// <summary>Always writes the name-addr form (<c>&lt;…&gt;</c>), which is safe for any URI.</summary>
    public override string ToString()
    {
        if (IsWildcard)
        {
            return "*";
        }
        var builder = new StringBuilder(80);
        if (!string.IsNullOrEmpty(DisplayName))
        {
            builder.Append('"');
            foreach (var c in DisplayName)
            {
                if (c is '"' or '\\')
                {
                    builder.Append('\\');
                }
                builder.Append(c);
            }
            builder.Append("\" ");
        }
        builder.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
