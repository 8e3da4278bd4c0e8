namespace CallActors.Hocon.Tree;

/// <summary>
/// An object whose fields are still unresolved; fields keep the order they were first written in.
/// <see cref="IgnoresFallbacks"/> is set once the object has replaced a non-object: merging is
/// pairwise, so an object that "won" against <c>42</c> must not merge with objects below that <c>42</c>.
/// </summary>
internal sealed class ObjectNode(HoconOrigin origin, OrderedDictionary<string, Node> fields, bool ignoresFallbacks = false) : Node(origin)
{
    public OrderedDictionary<string, Node> Fields { get; } = fields;

    public bool IgnoresFallbacks { get; } = ignoresFallbacks;

    public ObjectNode IgnoringFallbacks() => IgnoresFallbacks ? this : new ObjectNode(Origin, Fields, ignoresFallbacks: true);
}
