using System.Collections;

namespace CallActors.Sip.Messages;

/// <summary>The ordered header lines of a SIP message. Names are canonicalised on the way in and compared
/// case-insensitively; the order of lines (Via, Route, Record-Route) is kept.</summary>
public sealed class SipHeaders : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _lines;

    public SipHeaders() => _lines = new List<SipHeader>(16);

    public SipHeaders(IEnumerable<SipHeader> lines) => _lines = new List<SipHeader>(lines);

    public int Count => _lines.Count;

    public SipHeader this[int index] => _lines[index];

    /// <summary>The first line's value for a header, or null.</summary>
    public string? this[string name] => Get(name);

    public void Add(string name, string value) => _lines.Add(new SipHeader(SipHeaderNames.Canonicalize(name), value));

    /// <summary>Adds a line before every other line of the same header (a new top Via, a new first Record-Route).</summary>
    public void AddFirst(string name, string value)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = _lines.FindIndex(h => Matches(h, canonical));
        _lines.Insert(index < 0 ? _lines.Count : index, new SipHeader(canonical, value));
    }

    /// <summary>Replaces every line of a header with one line (appended if there was none).</summary>
    public void Set(string name, string value)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = _lines.FindIndex(h => Matches(h, canonical));
        if (index < 0)
        {
            _lines.Add(new SipHeader(canonical, value));
            return;
        }
        _lines[index] = new SipHeader(canonical, value);
        for (var i = _lines.Count - 1; i > index; i--)
        {
            if (Matches(_lines[i], canonical))
            {
                _lines.RemoveAt(i);
            }
        }
    }

    /// <summary>Removes every line of a header; returns how many were removed.</summary>
    public int Remove(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        return _lines.RemoveAll(h => Matches(h, canonical));
    }

    /// <summary>Removes the first value of a header (the top Via), splitting a comma-joined line if needed.</summary>
    public bool RemoveFirstValue(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var index = _lines.FindIndex(h => Matches(h, canonical));
        if (index < 0)
        {
            return false;
        }
        var values = SipValueList.Split(_lines[index].Value);
        if (values.Count <= 1)
        {
            _lines.RemoveAt(index);
        }
        else
        {
            _lines[index] = new SipHeader(canonical, string.Join(", ", values.Skip(1)));
        }
        return true;
    }

    public bool Contains(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        return _lines.Exists(h => Matches(h, canonical));
    }

    /// <summary>The first line's value for a header, or null.</summary>
    public string? Get(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        foreach (var line in _lines)
        {
            if (Matches(line, canonical))
            {
                return line.Value;
            }
        }
        return null;
    }

    /// <summary>The first value of a header, the first comma-separated element when a line holds several.</summary>
    public string? GetFirstValue(string name)
    {
        var line = Get(name);
        if (line is null)
        {
            return null;
        }
        var canonical = SipHeaderNames.Canonicalize(name);
        return SipHeaderNames.IsSingleValued(canonical) ? line : SipValueList.First(line);
    }

    /// <summary>Every value of a header in order: all lines, each split on commas outside quotes and angle brackets
    /// (except for the authentication headers, which are never split).</summary>
    public IReadOnlyList<string> GetValues(string name)
    {
        var canonical = SipHeaderNames.Canonicalize(name);
        var result = new List<string>();
        foreach (var line in _lines)
        {
            if (!Matches(line, canonical))
            {
                continue;
            }
            if (SipHeaderNames.IsSingleValued(canonical))
            {
                result.Add(line.Value);
            }
            else
            {
                result.AddRange(SipValueList.Split(line.Value));
            }
        }
        return result;
    }

    public SipHeaders Clone() => new(_lines);

    public IEnumerator<SipHeader> GetEnumerator() => _lines.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static bool Matches(SipHeader line, string canonical) =>
        ReferenceEquals(line.Name, canonical) || string.Equals(line.Name, canonical, StringComparison.OrdinalIgnoreCase);
}
