namespace CallActors.Edge.Crossbar;

/// <summary>One method on one path shape of a module, relative to its noun: <c>""</c> is the collection,
/// <c>"{CALL_ID}/insights"</c> a sub-resource. Placeholders are checked by <see cref="Identifiers"/> before the module
/// runs (a malformed id never reaches a handler); query parameters not listed are refused with 400.</summary>
public sealed record CrossbarRoute(
    string Method,
    string Path,
    string Summary,
    Func<CrossbarContext, ValueTask<CrossbarResult>> Handler)
{
    private string[]? _segments;

    /// <summary>Query parameters the route understands, with a one-line description each (for the OpenAPI document).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    /// <summary>True for the one route that issues tokens: it runs without one.</summary>
    public bool Anonymous { get; init; }

    /// <summary>True when the route reads a JSON body <c>{"data": {...}}</c>.</summary>
    public bool HasBody { get; init; }

    /// <summary>True when the body may be left out: <see cref="CrossbarContext.ReadDataAsync"/> then reads an empty
    /// <c>data</c>.</summary>
    public bool BodyOptional { get; init; }

    /// <summary>True when the route answers a paginated list.</summary>
    public bool Paginated { get; init; }

    internal string[] Segments => _segments ??= Path.Length == 0 ? [] : Path.Split('/');

    /// <summary>True when the path parameters have this route's shape (same length, same literal segments).</summary>
    internal bool Matches(IReadOnlyList<string> parameters)
    {
        var segments = Segments;
        if (segments.Length != parameters.Count)
        {
            return false;
        }
        for (var i = 0; i < segments.Length; i++)
        {
            if (!Identifiers.IsPlaceholder(segments[i]) && !string.Equals(segments[i], parameters[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }
}
