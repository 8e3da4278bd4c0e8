namespace CallActors.Hocon.Tree;

/// <summary>An already resolved value standing in a merge stack that lookups assemble from parts.</summary>
internal sealed class ResolvedNode(HoconValue value) : Node(value.Origin)
{
    public HoconValue Value { get; } = value;
}
