namespace CallActors.Calls.Transfers;

/// <summary>How the kept party reaches the target: at once (blind), or after a consultation with the target that
/// someone completes (attended, "warm").</summary>
public enum TransferKind
{
    Blind,
    Attended,
}

/// <summary>The names the API and the events use for <see cref="TransferKind"/>.</summary>
public static class TransferKindNames
{
    public static string ToWireName(this TransferKind kind) => kind switch
    {
        TransferKind.Blind => "blind",
        TransferKind.Attended => "attended",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind a wire name stands for; "warm" (Speko's and LiveKit's word) is read as attended.</summary>
    public static bool TryParse(string? name, out TransferKind kind)
    {
        if (name == "warm")
        {
            kind = TransferKind.Attended;
            return true;
        }
        return WireNames.TryParse(name, ToWireName, out kind);
    }
}
