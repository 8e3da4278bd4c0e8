namespace CallActors.Hocon.Tree;

/// <summary>
/// A value as parsed, before substitutions are resolved. Nodes are immutable once built, so
/// documents can be merged (<see cref="HoconDocument.WithFallback"/>) without copying or aliasing bugs.
/// </summary>
internal abstract class Node(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}
