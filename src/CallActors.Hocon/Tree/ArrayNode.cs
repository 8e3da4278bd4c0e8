namespace CallActors.Hocon.Tree;

internal sealed class ArrayNode(HoconOrigin origin, IReadOnlyList<Node> items) : Node(origin)
{
    public IReadOnlyList<Node> Items { get; } = items;
}
