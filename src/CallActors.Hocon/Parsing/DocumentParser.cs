using CallActors.Hocon.Tree;

namespace CallActors.Hocon.Parsing;

/// <summary>
/// Recursive-descent parser from tokens to an unresolved <see cref="ObjectNode"/>, including
/// included files. Keeps the path of the object being parsed, which <c>+=</c> and include
/// fix-ups need because substitutions are absolute.
/// </summary>
internal sealed class DocumentParser
{
    private static readonly IReadOnlyList<string> RootPath = [];

    private readonly HoconLexer _lexer;
    private readonly SourceText _source;

    private DocumentParser(string text, SourceText source)
    {
        _lexer = new HoconLexer(text, source.Name);
        _source = source;
    }

    public static ObjectNode Parse(string text, SourceText source) => new DocumentParser(text, source).ParseRoot();

    /// <summary>Reads and parses a file; <paramref name="origin"/> is the include statement, if any.</summary>
    public static ObjectNode ParseFile(string path, SourceText source, HoconOrigin? origin)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (origin is not null && e is IOException or UnauthorizedAccessException)
        {
            throw new HoconException(origin.Value, $"cannot read included file '{source.Name}': {e.Message}", e);
        }

        return Parse(text, source);
    }

    private ObjectNode ParseRoot()
    {
        SkipBlank();
        var first = _lexer.Peek();
        if (first.Kind == TokenKind.OpenBracket)
        {
            throw new HoconException(first.Origin, "the root of a HOCON document must be an object, not an array");
        }

        var braced = first.Kind == TokenKind.OpenBrace;
        var root = ParseObject(braced, _source.IncludePrefix);
        if (braced)
        {
            SkipBlank();
            var after = _lexer.Peek();
            if (after.Kind != TokenKind.EndOfFile)
            {
                throw new HoconException(after.Origin, $"unexpected {after.Describe()} after the closing '}}' of the root object");
            }
        }

        return root;
    }

    /// <param name="braced">Whether the object starts with '{' (only the root may omit the braces).</param>
    /// <param name="path">The object's absolute path, or null inside an array where fields have no path.</param>
    private ObjectNode ParseObject(bool braced, IReadOnlyList<string>? path)
    {
        var origin = braced ? _lexer.Next().Origin : _lexer.Peek().Origin;
        var fields = new OrderedDictionary<string, Node>(StringComparer.Ordinal);
        while (true)
        {
            SkipBlank();
            var token = _lexer.Peek();
            switch (token.Kind)
            {
                case TokenKind.CloseBrace when braced:
                    _lexer.Next();
                    return new ObjectNode(origin, fields);
                case TokenKind.CloseBrace:
                    throw new HoconException(token.Origin, "unbalanced '}' (no '{' opened it)");
                case TokenKind.EndOfFile when braced:
                    throw new HoconException(origin, "'{' is never closed (reached end of file)");
                case TokenKind.EndOfFile:
                    return new ObjectNode(origin, fields);
                case TokenKind.Comma:
                    throw new HoconException(token.Origin, "unexpected ',' (no field before it)");
                case TokenKind.Unquoted when token.Text == "include":
                    _lexer.Next();
                    Include(_lexer.ReadIncludeArgument(), fields, path);
                    ExpectFieldSeparator("the include");
                    break;
                default:
                    var key = ParseField(fields, path);
                    ExpectFieldSeparator($"the value of '{key}'");
                    break;
            }
        }
    }

    private void ExpectFieldSeparator(string what)
    {
        if (!SkipSeparator(TokenKind.CloseBrace))
        {
            var token = _lexer.Peek();
            throw new HoconException(token.Origin, $"expected ',' or a new line after {what}, found {token.Describe()}");
        }
    }

    /// <summary>
    /// Consumes what separates two fields or elements: a comma, newlines, or both (JSON allows
    /// a comma at the start of the next line). False when neither is there and no <paramref name="close"/> follows.
    /// </summary>
    private bool SkipSeparator(TokenKind close)
    {
        var newline = SkipBlank();
        var token = _lexer.Peek();
        if (token.Kind == TokenKind.Comma)
        {
            _lexer.Next();
            SkipBlank();
            if (_lexer.Peek() is { Kind: TokenKind.Comma } second)
            {
                throw new HoconException(second.Origin, "two commas in a row");
            }

            return true;
        }

        return newline || token.Kind == close || token.Kind == TokenKind.EndOfFile;
    }

    /// <returns>The key as written, for error messages.</returns>
    private string ParseField(OrderedDictionary<string, Node> fields, IReadOnlyList<string>? objectPath)
    {
        var keyOrigin = _lexer.Peek().Origin;
        var (key, keyText) = ParseKey();
        SkipWhitespace();
        var separator = _lexer.Peek();
        switch (separator.Kind)
        {
            case TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals:
                _lexer.Next();
                break;
            case TokenKind.OpenBrace:
                break;
            default:
                throw new HoconException(separator.Origin, $"expected '=' or ':' after key '{keyText}', found {separator.Describe()}");
        }

        IReadOnlyList<string>? fieldPath = objectPath is null ? null : [.. objectPath, .. key];

        // JSON allows a line break after ':'; remember it to explain a value missing at the end of a line.
        var lineBroken = false;
        SkipWhitespace();
        while (_lexer.Peek().Kind == TokenKind.Newline)
        {
            _lexer.Next();
            SkipWhitespace();
            lineBroken = true;
        }

        var valueStart = _lexer.Peek();
        var value = ParseValue(fieldPath);
        var missing = value is null
            || (lineBroken && _lexer.Peek().Kind is TokenKind.Colon or TokenKind.Equals or TokenKind.PlusEquals);
        if (missing)
        {
            throw new HoconException(
                lineBroken ? separator.Origin : valueStart.Origin,
                $"missing value for key '{keyText}' after {separator.Describe()}");
        }

        if (separator.Kind == TokenKind.PlusEquals)
        {
            if (fieldPath is null)
            {
                throw new HoconException(separator.Origin, "'+=' is not supported inside array elements");
            }

            // The spec defines a += b as a = ${?a} [b], with the field's absolute path.
            var previous = new SubstitutionNode(separator.Origin, fieldPath, RootPath, optional: true);
            value = new ConcatNode(value!.Origin, [previous, new ArrayNode(value.Origin, [value])]);
        }

        // a.b.c = v is a { b { c = v } }, merged like any other field.
        var node = value!;
        for (var i = key.Count - 1; i > 0; i--)
        {
            node = new ObjectNode(keyOrigin, new OrderedDictionary<string, Node>(StringComparer.Ordinal) { [key[i]] = node });
        }

        AddField(fields, key[0], node);
        return keyText;
    }

    private static void AddField(OrderedDictionary<string, Node> fields, string key, Node value) =>
        fields[key] = fields.TryGetValue(key, out var earlier) ? NodeMerger.Merge(earlier, value) : value;

    private (IReadOnlyList<string> Path, string Written) ParseKey()
    {
        var start = _lexer.Peek();
        var pieces = new List<Token>();
        while (_lexer.Peek().Kind is TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Whitespace)
        {
            pieces.Add(_lexer.Next());
        }

        if (pieces.Count == 0)
        {
            throw new HoconException(start.Origin, $"expected a key, found {start.Describe()}");
        }

        return (HoconPath.FromTokens(pieces, start.Origin), HoconPath.Written(pieces));
    }

    /// <summary>Parses one value or a same-line concatenation of values; null when there is none.</summary>
    private Node? ParseValue(IReadOnlyList<string>? path)
    {
        var parts = new List<Node>();
        Token? first = null;
        Token? pendingWhitespace = null;
        while (true)
        {
            var token = _lexer.Peek();
            switch (token.Kind)
            {
                case TokenKind.Whitespace:
                    _lexer.Next();
                    pendingWhitespace = parts.Count > 0 ? token : null;
                    continue;
                case TokenKind.Unquoted or TokenKind.Quoted or TokenKind.Substitution or TokenKind.OpenBrace or TokenKind.OpenBracket:
                    if (pendingWhitespace is { } whitespace)
                    {
                        parts.Add(new WhitespaceNode(whitespace.Origin, whitespace.Text));
                        pendingWhitespace = null;
                    }

                    first ??= token;
                    parts.Add(ParseValuePart(path));
                    continue;
            }

            break;
        }

        return parts.Count switch
        {
            0 => null,

            // A lone unquoted token keeps its JSON type; inside a concatenation everything is text.
            1 when first!.Value.Kind == TokenKind.Unquoted => new ScalarNode(HoconScalar.FromUnquoted(first.Value.Text, first.Value.Origin)),
            1 => parts[0],
            _ => new ConcatNode(parts[0].Origin, parts),
        };
    }

    private Node ParseValuePart(IReadOnlyList<string>? path)
    {
        var token = _lexer.Peek();
        switch (token.Kind)
        {
            case TokenKind.OpenBrace:
                return ParseObject(braced: true, path);
            case TokenKind.OpenBracket:
                return ParseArray();
            case TokenKind.Substitution:
                _lexer.Next();
                return new SubstitutionNode(token.Origin, token.Path!, _source.IncludePrefix, token.Optional);
            default:
                _lexer.Next();
                return new ScalarNode(HoconScalar.String(token.Text, token.Origin));
        }
    }

    private ArrayNode ParseArray()
    {
        var open = _lexer.Next().Origin;
        var items = new List<Node>();
        while (true)
        {
            SkipBlank();
            var token = _lexer.Peek();
            switch (token.Kind)
            {
                case TokenKind.CloseBracket:
                    _lexer.Next();
                    return new ArrayNode(open, items);
                case TokenKind.EndOfFile:
                    throw new HoconException(open, "'[' is never closed (reached end of file)");
                case TokenKind.Comma:
                    throw new HoconException(token.Origin, "unexpected ',' (no element before it)");
            }

            items.Add(ParseValue(path: null)
                ?? throw new HoconException(token.Origin, $"expected an array element, found {token.Describe()}"));
            if (!SkipSeparator(TokenKind.CloseBracket))
            {
                var unexpected = _lexer.Peek();
                throw new HoconException(unexpected.Origin, $"expected ',' or ']' after an array element, found {unexpected.Describe()}");
            }
        }
    }

    private void Include(IncludeDirective include, OrderedDictionary<string, Node> fields, IReadOnlyList<string>? path)
    {
        if (include.Kind is IncludeKind.Url or IncludeKind.Classpath)
        {
            throw new HoconException(include.Origin, $"include {include.Kind.ToString().ToLowerInvariant()}(…) is not supported; include files by path");
        }

        var (files, lookedFor) = _source.LocateInclude(include);
        if (files.Count == 0)
        {
            // The spec ignores a missing plain include; required(…) makes it an error.
            if (include.Required)
            {
                throw new HoconException(include.Origin, $"required include '{include.Name}' not found (looked for {lookedFor})");
            }

            return;
        }

        foreach (var file in files)
        {
            var included = _source.EnterInclude(file, path ?? RootPath, include.Origin);
            var root = ParseFile(file, included, include.Origin);
            foreach (var (key, value) in root.Fields)
            {
                AddField(fields, key, value);
            }
        }
    }

    private void SkipWhitespace()
    {
        while (_lexer.Peek().Kind == TokenKind.Whitespace)
        {
            _lexer.Next();
        }
    }

    /// <returns>Whether a newline was skipped.</returns>
    private bool SkipBlank()
    {
        var newline = false;
        while (_lexer.Peek().Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            newline |= _lexer.Next().Kind == TokenKind.Newline;
        }

        return newline;
    }
}
