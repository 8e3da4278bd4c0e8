namespace CallActors.Hocon.Tree;

/// <summary>
/// Applies the HOCON duplicate-key rule to unresolved values: a later object merges into an
/// earlier object, anything else replaces; when a side's type is not known until resolution the
/// values are stacked in a <see cref="MergeNode"/>.
/// </summary>
internal static class NodeMerger
{
    public static Node Merge(Node earlier, Node later) => later switch
    {
        ScalarNode or ArrayNode or ObjectNode { IgnoresFallbacks: true } => later,
        ObjectNode laterObject => earlier switch
        {
            ObjectNode earlierObject => MergeObjects(earlierObject, laterObject),
            ScalarNode or ArrayNode => laterObject.IgnoringFallbacks(),
            MergeNode { Layers: [.., ObjectNode top] } stack =>
                new MergeNode(later.Origin, [.. stack.Layers.SkipLast(1), MergeObjects(top, laterObject)]),
            MergeNode stack => new MergeNode(later.Origin, [.. stack.Layers, later]),
            _ => new MergeNode(later.Origin, [earlier, later]),
        },
        MergeNode laterStack => laterStack.Layers.Aggregate(earlier, Merge),
        _ => new MergeNode(later.Origin, earlier is MergeNode stack ? [.. stack.Layers, later] : [earlier, later]),
    };

    public static ObjectNode MergeObjects(ObjectNode earlier, ObjectNode later)
    {
        var fields = new OrderedDictionary<string, Node>(earlier.Fields, StringComparer.Ordinal);
        foreach (var (key, value) in later.Fields)
        {
            fields[key] = fields.TryGetValue(key, out var existing) ? Merge(existing, value) : value;
        }

        return new ObjectNode(later.Origin, fields, earlier.IgnoresFallbacks || later.IgnoresFallbacks);
    }
}
