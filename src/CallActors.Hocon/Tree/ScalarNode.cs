namespace CallActors.Hocon.Tree;

/// <summary>A literal string, number, boolean or null: already its final value.</summary>
internal sealed class ScalarNode(HoconScalar value) : Node(value.Origin)
{
    public HoconScalar Value { get; } = value;
}
