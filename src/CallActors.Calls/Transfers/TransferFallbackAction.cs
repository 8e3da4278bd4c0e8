using System.Text.Json.Serialization;

namespace CallActors.Calls.Transfers;

/// <summary>What happens to the kept party once every target has failed: back to the party it was talking to
/// (the default), or hung up.</summary>
public enum TransferFallbackAction
{
    Reconnect,
    // The journal writes the same name as ToWireName (its camelCase policy would say "hangUp").
    [JsonStringEnumMemberName("hang_up")]
    HangUp,
}

/// <summary>The names the API and the events use for <see cref="TransferFallbackAction"/>.</summary>
public static class TransferFallbackActionNames
{
    public static string ToWireName(this TransferFallbackAction action) => action switch
    {
        TransferFallbackAction.Reconnect => "reconnect",
        TransferFallbackAction.HangUp => "hang_up",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>The action a wire name stands for; false for any other name.</summary>
    public static bool TryParse(string? name, out TransferFallbackAction action) =>
        WireNames.TryParse(name, ToWireName, out action);
}
