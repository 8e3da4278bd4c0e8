namespace CallActors.Hocon;

/// <summary>
/// The spec's string-to-boolean conversion: true/yes/on and false/no/off (lowercase), so that
/// options binding elsewhere can accept <c>remember-entities = off</c> like Akka does.
/// </summary>
public static class HoconBoolean
{
    public static bool TryParse(string? text, out bool value)
    {
        switch (text)
        {
            case "true" or "yes" or "on":
                value = true;
                return true;
            case "false" or "no" or "off":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <exception cref="FormatException">The text is none of the six words.</exception>
    public static bool Parse(string text) =>
        TryParse(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a boolean (use true/false, yes/no or on/off)");
}
