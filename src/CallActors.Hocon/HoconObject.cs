using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CallActors.Hocon.Parsing;

namespace CallActors.Hocon;

/// <summary>
/// A resolved HOCON object with Akka-style accessors taking path expressions (<c>"sip.port"</c>,
/// <c>"a.\"b.c\""</c>). Accessor failures name the path and the origin of the offending value.
/// </summary>
public sealed class HoconObject : HoconValue
{
    private readonly OrderedDictionary<string, HoconValue> _fields;

    internal HoconObject(HoconOrigin origin, OrderedDictionary<string, HoconValue> fields)
        : base(origin) => _fields = fields;

    /// <summary>The fields in the order they were first written.</summary>
    public IReadOnlyDictionary<string, HoconValue> Fields => _fields;

    internal override string Description => "an object";

    public bool HasPath(string path) => TryGetValue(path, out _);

    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value) =>
        TryGetValue(HoconPath.Parse(path), 0, out value);

    /// <summary>The value at <paramref name="path"/>; a missing setting throws, naming the object that lacks it.</summary>
    public HoconValue GetValue(string path)
    {
        var segments = HoconPath.Parse(path);
        HoconValue current = this;
        foreach (var segment in segments)
        {
            if (current is not HoconObject obj || !obj._fields.TryGetValue(segment, out var next))
            {
                var detail = current is HoconObject ? "" : $" ({current.Description} is in the way)";
                throw new HoconException(current.Origin, $"missing setting '{path}'{detail}");
            }

            current = next;
        }

        return current;
    }

    public HoconObject GetObject(string path) => GetContainer<HoconObject>(path, "an object");

    public HoconArray GetArray(string path) => GetContainer<HoconArray>(path, "an array");

    public string GetString(string path) => GetScalar(path, "a string", text => text);

    public int GetInt32(string path) => GetScalar(path, "a 32-bit integer", text =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a 32-bit integer"));

    public long GetInt64(string path) => GetScalar(path, "a 64-bit integer", text =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a 64-bit integer"));

    public double GetDouble(string path) => GetScalar(path, "a number", text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"'{text}' is not a number"));

    /// <summary>true/false, or the strings yes/no/on/off as the HOCON spec recommends.</summary>
    public bool GetBoolean(string path) => GetScalar(path, "a boolean", HoconBoolean.Parse);

    /// <summary>A duration such as <c>30s</c> or <c>5 minutes</c>; a bare number is milliseconds.</summary>
    public TimeSpan GetDuration(string path) => GetScalar(path, "a duration", HoconDuration.Parse);

    /// <summary>A size such as <c>64KiB</c> or <c>10MB</c>; a bare number is bytes.</summary>
    public long GetBytes(string path) => GetScalar(path, "a size in bytes", HoconSize.Parse);

    public IReadOnlyList<string> GetStringList(string path)
    {
        var items = GetArray(path).Items;
        var strings = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            strings[i] = items[i] is HoconScalar { Value: { } text }
                ? text
                : throw new HoconException(items[i].Origin, $"'{path}' element {i} must be a string, but it is {items[i].Description}");
        }

        return strings;
    }

    internal bool TryGetValue(IReadOnlyList<string> path, int start, [NotNullWhen(true)] out HoconValue? value)
    {
        HoconValue current = this;
        for (var i = start; i < path.Count; i++)
        {
            if (current is not HoconObject obj || !obj._fields.TryGetValue(path[i], out var next))
            {
                value = null;
                return false;
            }

            current = next;
        }

        value = current;
        return true;
    }

    /// <summary>HOCON object merge: fields of <paramref name="over"/> win, object-valued fields merge recursively.</summary>
    internal static HoconObject Merge(HoconObject fallback, HoconObject over)
    {
        var fields = new OrderedDictionary<string, HoconValue>(fallback._fields, StringComparer.Ordinal);
        foreach (var (key, value) in over._fields)
        {
            fields[key] = fields.TryGetValue(key, out var earlier) && earlier is HoconObject earlierObject && value is HoconObject laterObject
                ? Merge(earlierObject, laterObject)
                : value;
        }

        return new HoconObject(over.Origin, fields);
    }

    internal override HoconValue WithOrigin(HoconOrigin origin) => new HoconObject(origin, _fields);

    private T GetContainer<T>(string path, string expected)
        where T : HoconValue
    {
        var value = GetValue(path);
        return value as T ?? throw new HoconException(value.Origin, $"'{path}' must be {expected}, but it is {value.Description}");
    }

    private T GetScalar<T>(string path, string expected, Func<string, T> parse)
    {
        var value = GetValue(path);
        if (value is not HoconScalar { Value: { } text })
        {
            throw new HoconException(value.Origin, $"'{path}' must be {expected}, but it is {value.Description}");
        }

        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new HoconException(value.Origin, $"'{path}' must be {expected}: {e.Message}", e);
        }
    }
}
