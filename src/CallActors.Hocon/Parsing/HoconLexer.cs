using System.Globalization;
using System.Text;

namespace CallActors.Hocon.Parsing;

/// <summary>
/// Turns HOCON text into tokens on demand, tracking 1-based line and column. Comments are
/// dropped here; whitespace is a token because value concatenation keeps inner whitespace.
/// </summary>
internal sealed class HoconLexer
{
    /// <summary>The spec's forbidden characters outside quotes; some are syntax, the rest are reserved.</summary>
    internal const string Forbidden = "$\"{}[]:=,+#`^?!@*&\\";
    private const string Reserved = "`^?!@*&\\";

    private readonly string _text;
    private readonly string _file;
    private int _position;
    private int _line = 1;
    private int _column = 1;
    private Token? _peeked;

    public HoconLexer(string text, string file)
    {
        _text = text;
        _file = file;
    }

    public HoconOrigin Here => new(_file, _line, _column);

    public Token Peek() => _peeked ??= Read();

    public Token Next()
    {
        var token = Peek();
        _peeked = null;
        return token;
    }

    /// <summary>
    /// Reads what follows the <c>include</c> keyword. Works on characters rather than tokens
    /// because <c>(</c> is legal in unquoted text, so <c>file("x")</c> would not tokenize apart.
    /// </summary>
    public IncludeDirective ReadIncludeArgument()
    {
        if (_peeked is not null)
        {
            throw new InvalidOperationException("the include argument must be read before peeking past 'include'");
        }

        return ReadIncludeResource(allowRequired: true);
    }

    private static bool IsWhitespace(char c) =>
        c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF' || c is >= '\u001C' and <= '\u001F');

    private Token Read()
    {
        while (true)
        {
            var origin = Here;
            if (AtEnd)
            {
                return new Token(TokenKind.EndOfFile, origin);
            }

            var c = Current;
            if (c == '\n')
            {
                Advance();
                return new Token(TokenKind.Newline, origin);
            }

            if (IsWhitespace(c))
            {
                var start = _position;
                while (!AtEnd && IsWhitespace(Current))
                {
                    Advance();
                }

                return new Token(TokenKind.Whitespace, origin, _text[start.._position]);
            }

            if (AtComment)
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }

                continue;
            }

            switch (c)
            {
                case '{': Advance(); return new Token(TokenKind.OpenBrace, origin);
                case '}': Advance(); return new Token(TokenKind.CloseBrace, origin);
                case '[': Advance(); return new Token(TokenKind.OpenBracket, origin);
                case ']': Advance(); return new Token(TokenKind.CloseBracket, origin);
                case ',': Advance(); return new Token(TokenKind.Comma, origin);
                case ':': Advance(); return new Token(TokenKind.Colon, origin);
                case '=': Advance(); return new Token(TokenKind.Equals, origin);
                case '+' when PeekChar(1) == '=':
                    Advance();
                    Advance();
                    return new Token(TokenKind.PlusEquals, origin);
                case '"' when PeekChar(1) == '"' && PeekChar(2) == '"':
                    return new Token(TokenKind.Quoted, origin, ReadTripleQuoted(origin));
                case '"':
                    return new Token(TokenKind.Quoted, origin, ReadQuoted(origin));
                case '$' when PeekChar(1) == '{':
                    return ReadSubstitution(origin);
                case '$':
                    throw new HoconException(origin, "'$' must start a substitution '${…}' or be inside quotes");
                case '+':
                    throw new HoconException(origin, "'+' is only allowed as '+=' or inside quotes");
                default:
                    if (Reserved.Contains(c, StringComparison.Ordinal))
                    {
                        throw new HoconException(origin, $"reserved character '{c}' is not allowed outside quotes; quote the value");
                    }

                    return new Token(TokenKind.Unquoted, origin, ReadUnquoted());
            }
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private bool AtComment => Current == '#' || (Current == '/' && PeekChar(1) == '/');

    private char PeekChar(int offset) =>
        _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _position++;
    }

    private string ReadUnquoted()
    {
        var start = _position;

        // JSON numbers may contain '+' after the exponent marker (1e+5), '+' is forbidden otherwise.
        var numeric = char.IsAsciiDigit(Current) || Current == '-';
        while (!AtEnd)
        {
            var c = Current;
            if (c == '\n' || IsWhitespace(c) || (c == '/' && PeekChar(1) == '/'))
            {
                break;
            }

            var exponentSign = c == '+' && numeric && _position > start && _text[_position - 1] is 'e' or 'E';
            if (!exponentSign && Forbidden.Contains(c, StringComparison.Ordinal))
            {
                break;
            }

            Advance();
        }

        return _text[start.._position];
    }

    private string ReadQuoted(HoconOrigin origin)
    {
        Advance();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw new HoconException(origin, "quoted string is never closed (missing '\"')");
            }

            var c = Current;
            switch (c)
            {
                case '"':
                    Advance();
                    return builder.ToString();
                case '\\':
                    ReadEscape(builder);
                    break;
                case '\n':
                    throw new HoconException(Here, "newline inside a quoted string; close it with '\"' or use \"\"\" for multi-line text");
                default:
                    if (char.IsControl(c))
                    {
                        throw new HoconException(Here, $"control character U+{(int)c:X4} must be escaped inside a quoted string");
                    }

                    builder.Append(c);
                    Advance();
                    break;
            }
        }
    }

    private void ReadEscape(StringBuilder builder)
    {
        var origin = Here;
        Advance();
        if (AtEnd)
        {
            throw new HoconException(origin, "quoted string ends with a lone '\\'");
        }

        var c = Current;
        Advance();
        switch (c)
        {
            case '"' or '\\' or '/': builder.Append(c); break;
            case 'b': builder.Append('\b'); break;
            case 'f': builder.Append('\f'); break;
            case 'n': builder.Append('\n'); break;
            case 'r': builder.Append('\r'); break;
            case 't': builder.Append('\t'); break;
            case 'u':
                var end = _position + 4;
                if (end > _text.Length
                    || !ushort.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    throw new HoconException(origin, "invalid escape '\\u': expected 4 hex digits");
                }

                builder.Append((char)code);
                while (_position < end)
                {
                    Advance();
                }

                break;
            default:
                throw new HoconException(
                    origin, $"invalid escape '\\{c}' in quoted string (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
        }
    }

    private string ReadTripleQuoted(HoconOrigin origin)
    {
        Advance();
        Advance();
        Advance();
        var start = _position;
        while (!AtEnd)
        {
            if (Current == '"' && PeekChar(1) == '"' && PeekChar(2) == '"')
            {
                // Like Scala: any run of three or more quotes closes; quotes beyond three belong to the text.
                var run = 0;
                while (PeekChar(run) == '"')
                {
                    run++;
                }

                var content = _text[start..(_position + run - 3)];
                for (var i = 0; i < run; i++)
                {
                    Advance();
                }

                return content;
            }

            Advance();
        }

        throw new HoconException(origin, "triple-quoted string is never closed (missing '\"\"\"')");
    }

    private Token ReadSubstitution(HoconOrigin origin)
    {
        Advance();
        Advance();
        var optional = false;
        if (!AtEnd && Current == '?')
        {
            optional = true;
            Advance();
        }

        // The path inside ${…} is a path expression: the same tokens as a key.
        var pieces = new List<Token>();
        while (true)
        {
            var token = Read();
            switch (token.Kind)
            {
                case TokenKind.CloseBrace:
                    var path = HoconPath.FromTokens(pieces, origin);
                    return new Token(TokenKind.Substitution, origin, HoconPath.Render(path), path, optional);
                case TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace:
                    pieces.Add(token);
                    break;
                case TokenKind.EndOfFile or TokenKind.Newline:
                    throw new HoconException(origin, "substitution is never closed (missing '}')");
                default:
                    throw new HoconException(token.Origin, $"{token.Describe()} is not allowed inside a substitution path");
            }
        }
    }

    private IncludeDirective ReadIncludeResource(bool allowRequired)
    {
        SkipBlank();
        var origin = Here;
        if (!AtEnd && Current == '"' && PeekChar(1) != '"')
        {
            return new IncludeDirective(ReadQuoted(origin), IncludeKind.Heuristic, Required: false, origin);
        }

        var start = _position;
        while (!AtEnd && char.IsAsciiLetterLower(Current))
        {
            Advance();
        }

        var word = _text[start.._position];
        var kind = word switch
        {
            "file" => IncludeKind.File,
            "url" => IncludeKind.Url,
            "classpath" => IncludeKind.Classpath,
            _ => (IncludeKind?)null,
        };
        var isRequired = allowRequired && word == "required";
        if ((kind is null && !isRequired) || AtEnd || Current != '(')
        {
            throw new HoconException(
                origin, "include must be followed by a quoted name, file(\"…\"), url(\"…\"), classpath(\"…\") or required(…)");
        }

        Advance();
        IncludeDirective directive;
        if (isRequired)
        {
            directive = ReadIncludeResource(allowRequired: false) with { Required = true, Origin = origin };
        }
        else
        {
            SkipBlank();
            var nameOrigin = Here;
            if (AtEnd || Current != '"' || PeekChar(1) == '"')
            {
                throw new HoconException(nameOrigin, $"{word}(…) needs a quoted name, e.g. {word}(\"other.conf\")");
            }

            directive = new IncludeDirective(ReadQuoted(nameOrigin), kind!.Value, Required: false, origin);
        }

        SkipBlank();
        if (AtEnd || Current != ')')
        {
            throw new HoconException(Here, $"missing ')' to close {word}(");
        }

        Advance();
        return directive;
    }

    // Whitespace, newlines and comments: all allowed between 'include' and its argument.
    private void SkipBlank()
    {
        while (!AtEnd)
        {
            if (Current == '\n' || IsWhitespace(Current))
            {
                Advance();
            }
            else if (AtComment)
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }
}
