namespace CallActors.Hocon.Tree;

/// <summary>
/// Several values written side by side on one line (<c>"sip:" ${host}</c>, <c>${path} [ /x ]</c>,
/// <c>${base} { name = a }</c>): a string, array or object once its parts are resolved.
/// </summary>
internal sealed class ConcatNode(HoconOrigin origin, IReadOnlyList<Node> parts) : Node(origin)
{
    public IReadOnlyList<Node> Parts { get; } = parts;
}
