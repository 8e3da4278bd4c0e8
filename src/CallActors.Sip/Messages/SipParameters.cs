using System.Text;

namespace CallActors.Sip.Messages;

/// <summary>An ordered list of <c>;name[=value]</c> parameters (URI or header parameters). Names compare
/// case-insensitively; a parameter without a value (<c>;lr</c>, <c>;rport</c>) has a null value.</summary>
public sealed class SipParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IEnumerable<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The value of a parameter; null when absent or valueless (use <see cref="Contains"/> to tell them apart).</summary>
    public string? Get(string name)
    {
        var index = IndexOf(name);
        return index < 0 ? null : _items[index].Value;
    }

    public void Set(string name, string? value)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            _items.Add(new(name, value));
        }
        else
        {
            _items[index] = new(_items[index].Key, value);
        }
    }

    public bool Remove(string name)
    {
        var index = IndexOf(name);
        if (index < 0)
        {
            return false;
        }
        _items.RemoveAt(index);
        return true;
    }

    public SipParameters Clone()
    {
        var copy = new SipParameters();
        copy._items.AddRange(_items);
        return copy;
    }

    /// <summary>Parses <c>;a=1;b;c="x;y"</c> (the leading semicolon optional). Returns false with a reason on
    /// an empty name or an unterminated quoted value.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, SipParameters into, out string? error)
    {
        error = null;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ';' || text[i] == ' ' || text[i] == '\t'))
            {
                i++;
            }
            if (i >= text.Length)
            {
                break;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ';')
            {
                i++;
            }
            var name = text[nameStart..i].Trim(" \t");
            if (name.IsEmpty)
            {
                error = "empty parameter name";
                return false;
            }
            string? value = null;
            if (i < text.Length && text[i] == '=')
            {
                i++;
                while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
                {
                    i++;
                }
                var valueStart = i;
                if (i < text.Length && text[i] == '"')
                {
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        i += text[i] == '\\' ? 2 : 1;
                    }
                    if (i >= text.Length)
                    {
                        error = $"unterminated quoted value for parameter '{name}'";
                        return false;
                    }
                    i++;
                }
                while (i < text.Length && text[i] != ';')
                {
                    i++;
                }
                value = text[valueStart..i].Trim(" \t").ToString();
            }
            into._items.Add(new(name.ToString(), value));
        }
        return true;
    }

    /// <summary>Writes each parameter as <c>;name</c> or <c>;name=value</c>.</summary>
    public void AppendTo(StringBuilder builder)
    {
        foreach (var (name, value) in _items)
        {
            builder.Append(';').Append(name);
            if (value is not null)
            {
                builder.Append('=').Append(value);
            }
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    private int IndexOf(string name) => _items.FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
}
