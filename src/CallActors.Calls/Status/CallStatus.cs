using System.Text.Json.Serialization;

namespace CallActors.Calls.Status;

/// <summary>Where a call is: starting → ringing → ongoing, then one of the five endings.</summary>
public enum CallStatus
{
    Starting,
    Ringing,
    Ongoing,
    Completed,
    // The journal (and later the API) writes the same names as ToWireName.
    [JsonStringEnumMemberName("no-answer")]
    NoAnswer,
    Busy,
    Failed,
    Cancelled,
}

/// <summary>The names the API and the events use for <see cref="CallStatus"/>.</summary>
public static class CallStatusNames
{
    public static string ToWireName(this CallStatus status) => status switch
    {
        CallStatus.Starting => "starting",
        CallStatus.Ringing => "ringing",
        CallStatus.Ongoing => "ongoing",
        CallStatus.Completed => "completed",
        CallStatus.NoAnswer => "no-answer",
        CallStatus.Busy => "busy",
        CallStatus.Failed => "failed",
        CallStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>True for the five endings.</summary>
    public static bool IsEnded(this CallStatus status) => status >= CallStatus.Completed;
}
