namespace CallActors.Hocon.Tree;

/// <summary>
/// Successive values of one field that cannot be merged before resolution because one of them
/// is a substitution or concatenation (whose type is unknown yet). Earliest layer first; a
/// self-reference in a layer sees only the layers below it.
/// </summary>
internal sealed class MergeNode(HoconOrigin origin, IReadOnlyList<Node> layers) : Node(origin)
{
    public IReadOnlyList<Node> Layers { get; } = layers;
}
