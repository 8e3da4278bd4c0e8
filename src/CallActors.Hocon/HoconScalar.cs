namespace CallActors.Hocon;

/// <summary>A string, number, boolean or null. Numbers keep the text they were written with.</summary>
public sealed class HoconScalar : HoconValue
{
    private HoconScalar(HoconScalarKind kind, string? value, HoconOrigin origin)
        : base(origin)
    {
        Kind = kind;
        Value = value;
    }

    public HoconScalarKind Kind { get; }

    /// <summary>The value as text (<c>"true"</c>, <c>"1e3"</c>, …); null only for <see cref="HoconScalarKind.Null"/>.</summary>
    public string? Value { get; }

    internal override string Description => Kind switch
    {
        HoconScalarKind.String => $"the string \"{Value}\"",
        HoconScalarKind.Number => $"the number {Value}",
        HoconScalarKind.Boolean => $"the boolean {Value}",
        _ => "null",
    };

    /// <summary>The text this scalar contributes to a string concatenation (null becomes "null").</summary>
    internal string ConcatenationText => Value ?? "null";

    internal static HoconScalar String(string value, HoconOrigin origin) => new(HoconScalarKind.String, value, origin);

    internal static HoconScalar Null(HoconOrigin origin) => new(HoconScalarKind.Null, null, origin);

    /// <summary>Types a lone unquoted token: <c>true</c>, <c>false</c>, <c>null</c>, a JSON number, else a string.</summary>
    internal static HoconScalar FromUnquoted(string text, HoconOrigin origin) => text switch
    {
        "true" or "false" => new(HoconScalarKind.Boolean, text, origin),
        "null" => Null(origin),
        _ when IsJsonNumber(text) => new(HoconScalarKind.Number, text, origin),
        _ => String(text, origin),
    };

    internal override HoconValue WithOrigin(HoconOrigin origin) => new HoconScalar(Kind, Value, origin);

    public override string ToString() => ConcatenationText;

    // JSON: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    private static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }

        if (s[i] == '0')
        {
            i++;
        }
        else
        {
            i = SkipDigits(s, i);
        }

        if (i < s.Length && s[i] == '.')
        {
            var start = ++i;
            i = SkipDigits(s, i);
            if (i == start)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var start = i;
            i = SkipDigits(s, i);
            if (i == start)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static int SkipDigits(string s, int i)
    {
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i;
    }
}
