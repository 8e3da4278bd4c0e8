using System.Globalization;

namespace CallActors.Hocon;

/// <summary>
/// The HOCON "units format" shared by durations and sizes: optional whitespace, a number,
/// optional whitespace, an optional unit made of letters, optional whitespace.
/// </summary>
internal static class UnitString
{
    public static (decimal Number, string Unit) Split(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        var unitStart = s.Length;
        while (unitStart > 0 && char.IsLetter(s[unitStart - 1]))
        {
            unitStart--;
        }

        var numberText = s[..unitStart].TrimEnd();
        if (numberText.Length == 0)
        {
            throw new FormatException($"'{text}' is not {what}: it has no number");
        }

        // decimal keeps fractions such as 1.5h exact; exponents (1e3ms) are part of JSON numbers.
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!decimal.TryParse(numberText, Styles, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{text}' is not {what}: '{numberText}' is not a number");
        }

        return (number, s[unitStart..]);
    }

    /// <summary><paramref name="number"/> × <paramref name="factor"/>, truncated toward zero, as a long.</summary>
    public static long Scale(decimal number, decimal factor, string text, string what)
    {
        try
        {
            var scaled = decimal.Truncate(number * factor);
            if (scaled is >= long.MinValue and <= long.MaxValue)
            {
                return (long)scaled;
            }
        }
        catch (OverflowException)
        {
            // reported below, like any other out-of-range value
        }

        throw new FormatException($"'{text}' is out of range for {what}");
    }
}
