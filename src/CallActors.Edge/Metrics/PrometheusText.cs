using System.Globalization;
using System.Text;

namespace CallActors.Edge.Metrics;

/// <summary>Names, label values and numbers as the Prometheus text exposition format 0.0.4 writes them.</summary>
internal static class PrometheusText
{
    /// <summary>The instrument name with every character outside <c>[a-zA-Z0-9_:]</c> replaced by <c>_</c>, then
    /// <c>_seconds</c> for a unit of seconds and <c>_total</c> for a counter (each unless already there).</summary>
    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var counter = type == MetricType.Counter;
        if (counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            // Taken off and put back so that a unit suffix goes before it: x_seconds_total, not x_total_seconds_total.
            name = name[..^"_total".Length];
        }

        if (unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        return counter ? name + "_total" : name;
    }

    /// <summary>Like a metric name, but without colons, which Prometheus reserves to metric names.</summary>
    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary><c>name="value",…</c> for tags already sorted by key.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var tag in tags)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(LabelName(tag.Key)).Append("=\"").Append(EscapeLabelValue(ValueText(tag.Value))).Append('"');
        }

        return text.ToString();
    }

    public static string EscapeLabelValue(string value) =>
        value.AsSpan().IndexOfAny("\\\"\n") < 0
            ? value
            : value.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\"", "\\\"", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslashes and newlines, not quotes.</summary>
    public static string EscapeHelp(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string FormatDouble(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString(CultureInfo.InvariantCulture);

    private static string ValueText(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Sanitize(string text, bool allowColon)
    {
        // A name may not start with a digit (and may not be empty): an underscore in front keeps it valid.
        var prefix = text.Length == 0 || char.IsAsciiDigit(text[0]) ? 1 : 0;
        return string.Create(text.Length + prefix, (text, allowColon, prefix), static (chars, state) =>
        {
            chars[0] = '_';
            for (var i = 0; i < state.text.Length; i++)
            {
                var c = state.text[i];
                chars[i + state.prefix] = char.IsAsciiLetterOrDigit(c) || c == '_' || (c == ':' && state.allowColon) ? c : '_';
            }
        });
    }
}
