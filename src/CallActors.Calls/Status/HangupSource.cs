using System.Text.Json.Serialization;

namespace CallActors.Calls.Status;

/// <summary>Who or what ended a call. <see cref="None"/>: nobody hung up, the node ended it itself (refusal,
/// restart).</summary>
public enum HangupSource
{
    None,
    Caller,
    Callee,
    Api,
    Timeout,
    [JsonStringEnumMemberName("media-timeout")]
    MediaTimeout,
}

/// <summary>The names the API and the events use for <see cref="HangupSource"/>.</summary>
public static class HangupSourceNames
{
    public static string ToWireName(this HangupSource source) => source switch
    {
        HangupSource.None => "none",
        HangupSource.Caller => "caller",
        HangupSource.Callee => "callee",
        HangupSource.Api => "api",
        HangupSource.Timeout => "timeout",
        HangupSource.MediaTimeout => "media-timeout",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
