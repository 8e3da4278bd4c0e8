using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>The Replaces header (RFC 3891 §6.1): the dialog a new INVITE takes the place of, named by its Call-ID and
/// its two tags as the recipient of the INVITE sees them (<c>to-tag</c> is the recipient's own tag, <c>from-tag</c> the
/// other party's), and <c>early-only</c> when only an early dialog may be replaced.</summary>
public sealed record ReplacesHeader(string CallId, string ToTag, string FromTag, bool EarlyOnly = false)
{
    /// <summary>Parses <c>callid *(;param)</c>; to-tag and from-tag are required, other parameters are ignored.</summary>
    public static bool TryParse(string? text, out ReplacesHeader value, out string? error)
    {
        value = null!;
        error = null;
        var parts = (text ?? string.Empty).Split(';');
        var callId = parts[0].Trim(' ', '\t');
        if (callId.Length == 0 || !IsCallId(callId))
        {
            error = $"Replaces '{text}' does not start with a Call-ID";
            return false;
        }
        string? toTag = null;
        string? fromTag = null;
        var earlyOnly = false;
        foreach (var raw in parts.AsSpan(1))
        {
            var parameter = raw.Trim(' ', '\t');
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim(' ', '\t');
            var paramValue = equals < 0 ? null : parameter[(equals + 1)..].Trim(' ', '\t');
            if (name.Equals("to-tag", StringComparison.OrdinalIgnoreCase))
            {
                toTag = paramValue;
            }
            else if (name.Equals("from-tag", StringComparison.OrdinalIgnoreCase))
            {
                fromTag = paramValue;
            }
            else if (name.Equals("early-only", StringComparison.OrdinalIgnoreCase))
            {
                earlyOnly = true;
            }
        }
        if (string.IsNullOrEmpty(toTag) || !SipMethods.IsToken(toTag) || string.IsNullOrEmpty(fromTag) || !SipMethods.IsToken(fromTag))
        {
            error = $"Replaces '{text}' needs a to-tag and a from-tag";
            return false;
        }
        value = new ReplacesHeader(callId, toTag, fromTag, earlyOnly);
        return true;
    }

    public override string ToString()
    {
        var text = new StringBuilder(CallId).Append(";to-tag=").Append(ToTag).Append(";from-tag=").Append(FromTag);
        return (EarlyOnly ? text.Append(";early-only") : text).ToString();
    }

    // RFC 3261 callid = word [ "@" word ]: visible characters without separators that would break the header.
    private static bool IsCallId(string value)
    {
        foreach (var c in value)
        {
            if (c is <= ' ' or > '~' or ';' or ',' or '"')
            {
                return false;
            }
        }
        return true;
    }
}
