namespace CallActors.Calls.Transfers;

/// <summary>Parses a wire name back to its enum value through the same <c>ToWireName</c> that writes it, so the two
/// cannot disagree.</summary>
internal static class WireNames
{
    public static bool TryParse<TEnum>(string? name, Func<TEnum, string> toWireName, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(toWireName(candidate), name, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
