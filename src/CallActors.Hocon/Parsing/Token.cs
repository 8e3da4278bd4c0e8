namespace CallActors.Hocon.Parsing;

/// <summary>
/// One lexical token. <see cref="Text"/> is the string content (unescaped for quoted strings, the
/// path as written for substitutions); <see cref="Path"/> and <see cref="Optional"/> are set for
/// substitutions only.
/// </summary>
internal readonly record struct Token(
    TokenKind Kind,
    HoconOrigin Origin,
    string Text = "",
    IReadOnlyList<string>? Path = null,
    bool Optional = false)
{
    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Newline => "end of line",
        TokenKind.Whitespace => "whitespace",
        TokenKind.Comma => "','",
        TokenKind.Colon => "':'",
        TokenKind.Equals => "'='",
        TokenKind.PlusEquals => "'+='",
        TokenKind.OpenBrace => "'{'",
        TokenKind.CloseBrace => "'}'",
        TokenKind.OpenBracket => "'['",
        TokenKind.CloseBracket => "']'",
        TokenKind.Unquoted => $"'{Text}'",
        TokenKind.Quoted => $"\"{Text}\"",
        _ => Optional ? $"${{?{Text}}}" : $"${{{Text}}}",
    };
}
