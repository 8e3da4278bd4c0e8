namespace CallActors.Sip.Messages;

/// <summary>SIP method names (case-sensitive, RFC 3261 §7.1) and the token rule they follow.</summary>
public static class SipMethods
{
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Info = "INFO";
    public const string Invite = "INVITE";
    public const string Message = "MESSAGE";
    public const string Notify = "NOTIFY";
    public const string Options = "OPTIONS";
    public const string Prack = "PRACK";
    public const string Publish = "PUBLISH";
    public const string Refer = "REFER";
    public const string Register = "REGISTER";
    public const string Subscribe = "SUBSCRIBE";
    public const string Update = "UPDATE";

    /// <summary>The methods the B2BUA handles, for Allow headers.</summary>
    public const string Allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO, REFER, NOTIFY";

    /// <summary>RFC 3261 token: alphanumerics and <c>-.!%*_+`'~</c>.</summary>
    public static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-.!%*_+`'~".IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
