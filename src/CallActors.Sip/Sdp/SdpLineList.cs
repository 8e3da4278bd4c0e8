namespace CallActors.Sip.Sdp;

/// <summary>Reads and edits that the session level and a media section share: both are ordered lists of lines.</summary>
internal static class SdpLineList
{
    public static string? FirstValue(List<SdpLine> lines, char type)
    {
        foreach (var line in lines)
        {
            if (line.Type == type)
            {
                return line.Value;
            }
        }
        return null;
    }

    public static List<string> Values(List<SdpLine> lines, char type)
    {
        var values = new List<string>();
        foreach (var line in lines)
        {
            if (line.Type == type)
            {
                values.Add(line.Value);
            }
        }
        return values;
    }

    public static List<SdpAttribute> Attributes(List<SdpLine> lines)
    {
        var attributes = new List<SdpAttribute>();
        foreach (var line in lines)
        {
            if (line.Type == 'a')
            {
                attributes.Add(SdpAttribute.Parse(line.Value));
            }
        }
        return attributes;
    }

    /// <summary>The value of the first attribute with this name; <paramref name="found"/> tells a property attribute
    /// (no value) from an absent one.</summary>
    public static string? Attribute(List<SdpLine> lines, string name, out bool found)
    {
        foreach (var line in lines)
        {
            if (line.Type == 'a')
            {
                var attribute = SdpAttribute.Parse(line.Value);
                if (attribute.Name == name)
                {
                    found = true;
                    return attribute.Value;
                }
            }
        }
        found = false;
        return null;
    }

    public static SdpConnection? Connection(List<SdpLine> lines) =>
        FirstValue(lines, 'c') is { } value && SdpConnection.TryParse(value, out var connection, out _) ? connection : null;

    /// <summary>The last direction attribute (a repeated one is a peer bug; the last one wins, as in most stacks).</summary>
    public static SdpDirection? Direction(List<SdpLine> lines)
    {
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Type == 'a' && SdpDirectionNames.TryParse(lines[i].Value, out var direction))
            {
                return direction;
            }
        }
        return null;
    }

    /// <summary>Replaces the direction attributes with one, where the first stood, or appends it.</summary>
    public static void SetDirection(List<SdpLine> lines, SdpDirection direction)
    {
        var line = new SdpLine('a', direction.ToAttributeName());
        var first = -1;
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            if (lines[i].Type == 'a' && SdpDirectionNames.TryParse(lines[i].Value, out _))
            {
                if (first >= 0)
                {
                    lines.RemoveAt(first);
                }
                first = i;
            }
        }
        if (first >= 0)
        {
            lines[first] = line;
        }
        else
        {
            lines.Add(line);
        }
    }

    /// <summary>Rewrites the address of every c= line (dropping multicast suffixes: the new address is unicast).</summary>
    public static void SetConnectionAddress(List<SdpLine> lines, string ip)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == 'c' && SdpConnection.TryParse(lines[i].Value, out var connection, out _))
            {
                var replaced = connection with { AddressType = SdpConnection.AddressTypeOf(ip), Address = ip };
                lines[i] = new SdpLine('c', replaced.ToString());
            }
        }
    }

    public static int RemoveAttributes(List<SdpLine> lines, string name) =>
        lines.RemoveAll(line => line.Type == 'a' && SdpAttribute.Parse(line.Value).Name == name);
}
