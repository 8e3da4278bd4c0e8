namespace CallActors.Hocon;

/// <summary>
/// Parses HOCON sizes in bytes following the spec's table: <c>kB</c>/<c>MB</c>/… are powers of 1000;
/// <c>K</c>/<c>k</c>/<c>Ki</c>/<c>KiB</c>, <c>M</c>/<c>m</c>/<c>Mi</c>/<c>MiB</c>/… are powers of 1024; a bare
/// number is bytes. Fractions are allowed (<c>1.5KiB</c> is 1536) and truncated to whole bytes.
/// </summary>
public static class HoconSize
{
    private const string What = "a size in bytes";

    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    /// <exception cref="FormatException">The text is not a non-negative number with an optional known unit.</exception>
    public static long Parse(string text)
    {
        var (number, unit) = UnitString.Split(text, What);
        if (!BytesPerUnit.TryGetValue(unit, out var bytesPerUnit))
        {
            throw new FormatException(
                $"'{text}' is not {What}: unknown unit '{unit}' (use B, kB/MB/GB… for powers of 1000 or K/Ki/KiB, M/Mi/MiB… for powers of 1024)");
        }

        if (number < 0)
        {
            throw new FormatException($"'{text}' is not {What}: sizes cannot be negative");
        }

        return UnitString.Scale(number, bytesPerUnit, text, What);
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };

        string[] decimalPrefixes = ["kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta"];
        string[] binaryPrefixes = ["kibi", "mebi", "gibi", "tebi", "pebi", "exbi", "zebi", "yobi"];
        decimal thousands = 1, kibis = 1;
        for (var power = 0; power < decimalPrefixes.Length; power++)
        {
            thousands *= 1000;
            kibis *= 1024;

            // kB is the one lowercase power-of-ten symbol (the SI kilo); the rest are uppercase.
            var tenPrefix = decimalPrefixes[power];
            var tenSymbol = power == 0 ? "kB" : $"{char.ToUpperInvariant(tenPrefix[0])}B";
            foreach (var name in new[] { tenSymbol, $"{tenPrefix}byte", $"{tenPrefix}bytes" })
            {
                units.Add(name, thousands);
            }

            var twoPrefix = binaryPrefixes[power];
            var letter = char.ToUpperInvariant(twoPrefix[0]);
            foreach (var name in new[] { $"{letter}", $"{char.ToLowerInvariant(letter)}", $"{letter}i", $"{letter}iB", $"{twoPrefix}byte", $"{twoPrefix}bytes" })
            {
                units.Add(name, kibis);
            }
        }

        return units;
    }
}
