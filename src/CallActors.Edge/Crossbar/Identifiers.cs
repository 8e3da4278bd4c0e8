using CallActors.Edge.Accounts;

namespace CallActors.Edge.Crossbar;

/// <summary>The shapes of the ids that appear in paths. A value of the wrong shape is answered with 404
/// <c>bad identifier</c>, as Crossbar does, before any module code or storage sees it.</summary>
public static class Identifiers
{
    public const string AccountId = "{ACCOUNT_ID}";
    public const string CallId = "{CALL_ID}";
    public const string SessionId = "{SESSION_ID}";
    public const string RecordingId = "{RECORDING_ID}";
    public const string TransferId = "{TRANSFER_ID}";

    /// <summary>RFC 3261 Call-IDs are short in practice; a longer path segment is not one of ours.</summary>
    public const int MaxCallIdLength = 255;

    public static bool IsPlaceholder(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    /// <summary>Null when <paramref name="value"/> fits the placeholder, else what it should have been.</summary>
    public static string? Check(string placeholder, string value) => placeholder switch
    {
        AccountId => AccountRules.IsAccountId(value) ? null : "account_id",
        CallId or SessionId => IsCallId(value) ? null : placeholder == CallId ? "call_id" : "session_id",
        RecordingId => IsHexId(value) ? null : "recording_id",
        TransferId => IsHexId(value) ? null : "transfer_id",
        _ => value.Length is > 0 and <= 255 ? null : "identifier",
    };

    /// <summary>The ids the node makes for recordings and transfers: 32 lowercase hex digits.</summary>
    private static bool IsHexId(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigitLower);

    /// <summary>RFC 3261 §25.1 <c>word</c> characters, with an optional <c>@host</c>.</summary>
    public static bool IsCallId(ReadOnlySpan<char> value)
    {
        if (value.Length is 0 or > MaxCallIdLength)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && "-.!%*_+`'~()<>:\\\"/[]?{}@".IndexOf(c) < 0)
            {
                return false;
            }
        }
        return true;
    }
}
