namespace CallActors.Sip.Messages;

/// <summary>Splits a header value on the commas that separate list elements, never inside a quoted string
/// (<c>"Bond, James"</c>) or inside <c>&lt;…&gt;</c>.</summary>
public static class SipValueList
{
    public static List<string> Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var result = new List<string>(1);
        var start = 0;
        var inQuotes = false;
        var inAngle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    inAngle = true;
                    break;
                case '>':
                    inAngle = false;
                    break;
                case ',' when !inAngle:
                    AddTrimmed(result, value, start, i);
                    start = i + 1;
                    break;
            }
        }
        AddTrimmed(result, value, start, value.Length);
        return result;
    }

    public static string First(string value)
    {
        var all = Split(value);
        return all.Count == 0 ? string.Empty : all[0];
    }

    private static void AddTrimmed(List<string> result, string value, int start, int end)
    {
        var part = value.AsSpan(start, end - start).Trim(" \t");
        if (!part.IsEmpty)
        {
            result.Add(part.ToString());
        }
    }
}
