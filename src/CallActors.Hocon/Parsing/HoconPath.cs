using System.Text;

namespace CallActors.Hocon.Parsing;

/// <summary>
/// Path expressions (<c>a.b."c.d"</c>) as used in keys, substitutions and accessors: dots split
/// elements outside quotes only, and an empty element must be quoted.
/// </summary>
internal static class HoconPath
{
    /// <summary>Builds a path from key tokens (unquoted, quoted, whitespace), already trimmed of outer whitespace.</summary>
    public static IReadOnlyList<string> FromTokens(IReadOnlyList<Token> pieces, HoconOrigin origin)
    {
        if (pieces.Count == 0 || pieces.All(p => p.Kind == TokenKind.Whitespace))
        {
            throw new HoconException(origin, "empty path expression");
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var start = 0;
        var end = pieces.Count;
        while (pieces[start].Kind == TokenKind.Whitespace)
        {
            start++;
        }

        while (pieces[end - 1].Kind == TokenKind.Whitespace)
        {
            end--;
        }

        for (var i = start; i < end; i++)
        {
            var piece = pieces[i];
            if (piece.Kind == TokenKind.Quoted)
            {
                current.Append(piece.Text);
                quoted = true;
                continue;
            }

            var parts = piece.Kind == TokenKind.Unquoted ? piece.Text.Split('.') : [piece.Text];
            current.Append(parts[0]);
            foreach (var part in parts.Skip(1))
            {
                Finish();
                current.Append(part);
            }
        }

        Finish();
        return segments;

        void Finish()
        {
            if (current.Length == 0 && !quoted)
            {
                throw new HoconException(origin, $"invalid path '{Written(pieces)}': empty path element (quote it as \"\" if you mean an empty key)");
            }

            segments.Add(current.ToString());
            current.Clear();
            quoted = false;
        }
    }

    /// <summary>The path expression roughly as written, for error messages.</summary>
    public static string Written(IEnumerable<Token> pieces) =>
        string.Concat(pieces.Select(p => p.Kind == TokenKind.Quoted ? $"\"{p.Text}\"" : p.Text)).Trim();

    /// <summary>Parses a path given to an accessor, e.g. <c>GetString("sip.port")</c>.</summary>
    /// <exception cref="ArgumentException">The text is not a path expression.</exception>
    public static IReadOnlyList<string> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var lexer = new HoconLexer(path, "<path>");
            var pieces = new List<Token>();
            for (var token = lexer.Next(); token.Kind != TokenKind.EndOfFile; token = lexer.Next())
            {
                if (token.Kind is not (TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace))
                {
                    throw new HoconException(token.Origin, $"{token.Describe()} is not allowed in a path");
                }

                pieces.Add(token);
            }

            return FromTokens(pieces, new HoconOrigin("<path>", 1, 1));
        }
        catch (HoconException e)
        {
            throw new ArgumentException($"'{path}' is not a valid HOCON path: {e.Reason}", nameof(path), e);
        }
    }

    /// <summary>Writes a path back as an expression, quoting elements that need it.</summary>
    public static string Render(IEnumerable<string> segments) =>
        string.Join('.', segments.Select(s => NeedsQuotes(s) ? Quote(s) : s));

    private static bool NeedsQuotes(string segment) =>
        segment.Length == 0
        || segment.Any(c => char.IsWhiteSpace(c) || c == '.' || c == '/' || HoconLexer.Forbidden.Contains(c, StringComparison.Ordinal));

    private static string Quote(string segment) =>
        "\"" + segment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
