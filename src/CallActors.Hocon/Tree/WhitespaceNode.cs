namespace CallActors.Hocon.Tree;

/// <summary>
/// Unquoted whitespace between two parts of a concatenation: kept between strings, ignored
/// between arrays or objects (quoted whitespace is a string and would not be ignored).
/// </summary>
internal sealed class WhitespaceNode(HoconOrigin origin, string text) : Node(origin)
{
    public string Text { get; } = text;
}
