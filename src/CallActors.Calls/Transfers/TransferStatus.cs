namespace CallActors.Calls.Transfers;

/// <summary>Where a transfer (or one of its routing attempts) is: requested → dialing → ringing → answered, then
/// completed, failed or cancelled.</summary>
public enum TransferStatus
{
    Requested,
    Dialing,
    Ringing,
    Answered,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>The names the API and the events use for <see cref="TransferStatus"/>.</summary>
public static class TransferStatusNames
{
    public static string ToWireName(this TransferStatus status) => status switch
    {
        TransferStatus.Requested => "requested",
        TransferStatus.Dialing => "dialing",
        TransferStatus.Ringing => "ringing",
        TransferStatus.Answered => "answered",
        TransferStatus.Completed => "completed",
        TransferStatus.Failed => "failed",
        TransferStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status a wire name stands for; false for any other name.</summary>
    public static bool TryParse(string? name, out TransferStatus status) => WireNames.TryParse(name, ToWireName, out status);

    /// <summary>True for the three endings.</summary>
    public static bool IsFinal(this TransferStatus status) => status >= TransferStatus.Completed;
}
