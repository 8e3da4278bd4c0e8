namespace CallActors.Hocon;

/// <summary>
/// Parses HOCON durations (<c>30s</c>, <c>200ms</c>, <c>5 minutes</c>, <c>1.5h</c>; a bare number is
/// milliseconds). Units are case-sensitive as the spec says. TimeSpan counts 100 ns ticks, so
/// finer values are truncated toward zero (<c>150ns</c> is one tick).
/// </summary>
public static class HoconDuration
{
    private const string What = "a duration";

    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    /// <exception cref="FormatException">The text is not a number with an optional known unit.</exception>
    public static TimeSpan Parse(string text)
    {
        var (number, unit) = UnitString.Split(text, What);
        if (!TicksPerUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            throw new FormatException(
                $"'{text}' is not {What}: unknown unit '{unit}' (use ns, us, ms, s, m, h or d; units are lowercase)");
        }

        return TimeSpan.FromTicks(UnitString.Scale(number, ticksPerUnit, text, What));
    }

    private static Dictionary<string, decimal> BuildUnits()
    {
        // The spec's exact list plus the short plurals Lightbend's library also accepts (millis, nanos…).
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal) { [""] = TimeSpan.TicksPerMillisecond };
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(TimeSpan.TicksPerMicrosecond, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;

        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units.Add(name, ticks);
            }
        }
    }
}
