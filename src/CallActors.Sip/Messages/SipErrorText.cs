namespace CallActors.Sip.Messages;

/// <summary>Makes a parse or validation error fit for a log line and a reason phrase: one line, bounded length.</summary>
internal static class SipErrorText
{
    private const int MaxLength = 160;
    private const string Ellipsis = "...";

    /// <summary>Control characters (they may come from the rejected input) become '?'; text past
    /// <see cref="MaxLength"/> characters is cut and ends in "...".</summary>
    public static string Sanitize(string text)
    {
        var span = text.AsSpan();
        if (span.Length <= MaxLength && span.IndexOfAnyInRange('\0', '\u001f') < 0 && !span.Contains('\u007f'))
        {
            return text;
        }
        return string.Create(Math.Min(text.Length, MaxLength), text, static (destination, source) =>
        {
            for (var i = 0; i < destination.Length; i++)
            {
                var c = source[i];
                destination[i] = c < ' ' || c == '\u007f' ? '?' : c;
            }
            if (source.Length > destination.Length)
            {
                var cut = destination.Length - Ellipsis.Length;
                // Do not leave half of a surrogate pair in front of the ellipsis.
                if (char.IsHighSurrogate(destination[cut - 1]))
                {
                    destination[cut - 1] = '?';
                }
                Ellipsis.AsSpan().CopyTo(destination[cut..]);
            }
        });
    }
}
