namespace CallActors.Hocon.Tree;

/// <summary>
/// Resolves substitutions against the whole merged tree, lazily and memoized per node, following
/// the spec's suggested implementation: while a field's own substitution is being looked up, that
/// field shows lookups only its earlier values (<c>path = ${path}":/x"</c> sees the previous
/// <c>path</c>), so a reference that loops back finds nothing instead of recursing forever.
/// Substitutions nested inside an object or array value are not self-references and look forward.
/// </summary>
internal sealed class Resolver
{
    private static readonly IReadOnlyList<Hide> NoHides = [];

    private readonly ObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<Node, HoconValue?> _resolved = [];
    private readonly HashSet<Node> _inProgress = [];
    private readonly List<Hide> _hidden = [];
    private readonly Dictionary<(MergeNode, int), Node> _earlierLayers = [];
    private readonly Dictionary<(Node, string), Node> _fieldsOfStacks = [];
    private readonly List<SubstitutionNode> _chain = [];

    private Resolver(ObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    private enum LookupOutcome
    {
        Found,
        Missing,

        /// <summary>The path leads back to the value being defined, which has no earlier value.</summary>
        Circular,
    }

    public static HoconObject Resolve(ObjectNode root, Func<string, string?> environment) =>
        (HoconObject)new Resolver(root, environment).Resolve(root, NoHides)!;

    /// <param name="node">The node to resolve.</param>
    /// <param name="hides">
    /// Fields to hide (partly) from the node's own substitutions: the merge stack it is a layer
    /// of, and the concatenation it is a part of. Each node has one place in the tree, so the
    /// same node always comes with equivalent hides and memoizing by node is sound.
    /// </param>
    /// <returns>The value, or null when it is undefined (an optional substitution found nothing).</returns>
    private HoconValue? Resolve(Node node, IReadOnlyList<Hide> hides)
    {
        if (_resolved.TryGetValue(node, out var done))
        {
            return done;
        }

        if (!_inProgress.Add(node))
        {
            var chain = string.Join(" -> ", _chain.Select(s => s.Display));
            throw new HoconException(
                _chain.Count > 0 ? _chain[^1].Origin : node.Origin, $"substitution cycle: {chain} needs a value that is still being resolved");
        }

        try
        {
            var value = node switch
            {
                ScalarNode scalar => scalar.Value,
                ResolvedNode resolved => resolved.Value,
                ObjectNode obj => ResolveObject(obj),
                ArrayNode array => new HoconArray(array.Origin, array.Items.Select(item => Resolve(item, NoHides)).OfType<HoconValue>().ToArray()),
                SubstitutionNode substitution => ResolveSubstitution(substitution, hides),
                ConcatNode concat => ResolveConcat(concat, hides),
                MergeNode merge => ResolveMerge(merge),
                _ => throw new InvalidOperationException($"unexpected {node.GetType().Name} outside a concatenation"),
            };
            _resolved[node] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(node);
        }
    }

    private HoconObject ResolveObject(ObjectNode obj)
    {
        var fields = new OrderedDictionary<string, HoconValue>(StringComparer.Ordinal);
        foreach (var (key, node) in obj.Fields)
        {
            if (Resolve(node, NoHides) is { } value)
            {
                fields[key] = value;
            }
        }

        return new HoconObject(obj.Origin, fields);
    }

    private HoconValue? ResolveSubstitution(SubstitutionNode substitution, IReadOnlyList<Hide> hides)
    {
        // A lone substitution that is a field's value hides that field from itself.
        _hidden.AddRange(hides);
        _hidden.Add(new Hide(substitution, 0));
        _chain.Add(substitution);
        try
        {
            var circular = false;
            foreach (var path in substitution.Candidates)
            {
                var (outcome, value) = Lookup(path);
                if (outcome == LookupOutcome.Found)
                {
                    // Report the value as coming from the field that refers to it, where the user wrote this setting.
                    return value!.WithOrigin(substitution.Origin);
                }

                circular |= outcome == LookupOutcome.Circular;
            }

            // The spec treats an empty environment variable as absent.
            var name = substitution.PathText;
            if (_environment(name) is { Length: > 0 } environmentValue)
            {
                return HoconScalar.String(environmentValue, substitution.Origin);
            }

            if (substitution.Optional)
            {
                return null;
            }

            var reason = circular
                ? $"cannot resolve {substitution.Display}: it refers back to the value being defined, which has no earlier value"
                : $"cannot resolve {substitution.Display}: no setting '{name}' and no environment variable '{name}'";
            throw new HoconException(substitution.Origin, reason);
        }
        finally
        {
            _chain.RemoveAt(_chain.Count - 1);
            _hidden.RemoveRange(_hidden.Count - hides.Count - 1, hides.Count + 1);
        }
    }

    private (LookupOutcome Outcome, HoconValue? Value) Lookup(IReadOnlyList<string> path)
    {
        Node current = _root;
        for (var i = 0; ; i++)
        {
            if (Visible(current) is not { } visible)
            {
                return (LookupOutcome.Circular, null);
            }

            // Step into fields without resolving the objects around them:
            // bar { foo = 42, baz = ${bar.foo} } must not resolve all of bar to find bar.foo.
            Node? child = null;
            var stepped = i < path.Count && visible switch
            {
                ObjectNode obj => obj.Fields.TryGetValue(path[i], out child) || true,
                MergeNode or ConcatNode => TryGetFieldOfStack(visible, path[i], out child),
                ScalarNode or ArrayNode => true,
                _ => false,
            };
            if (stepped)
            {
                if (child is null)
                {
                    return (LookupOutcome.Missing, null);
                }

                current = child;
                continue;
            }

            var value = Resolve(visible, NoHides);
            return value is HoconObject resolved && resolved.TryGetValue(path, i, out var found)
                ? (LookupOutcome.Found, found)
                : i == path.Count && value is not null ? (LookupOutcome.Found, value) : (LookupOutcome.Missing, null);
        }
    }

    /// <summary>What lookups may see of a node: all of it, only its earlier layers, or nothing (null).</summary>
    private Node? Visible(Node node)
    {
        while (true)
        {
            var index = _hidden.FindLastIndex(hide => ReferenceEquals(hide.Node, node));
            if (index < 0)
            {
                return node;
            }

            var visibleLayers = _hidden[index].VisibleLayers;
            if (node is not MergeNode merge || visibleLayers == 0)
            {
                return null;
            }

            node = EarlierLayers(merge, visibleLayers);
        }
    }

    private Node EarlierLayers(MergeNode merge, int count)
    {
        // Cached so that the same view is the same node, which memoization and hiding rely on.
        if (!_earlierLayers.TryGetValue((merge, count), out var view))
        {
            view = count == 1 ? merge.Layers[0] : new MergeNode(merge.Layers[count - 1].Origin, merge.Layers.Take(count).ToArray());
            _earlierLayers[(merge, count)] = view;
        }

        return view;
    }

    /// <summary>
    /// Finds field <paramref name="key"/> of a merge stack or object concatenation without
    /// resolving all of it, by collecting that field from each layer. False when the stack
    /// holds something other than objects, so resolving it is the only way to know.
    /// </summary>
    private bool TryGetFieldOfStack(Node stack, string key, out Node? field)
    {
        field = null;
        var layers = new List<Node>();
        if (!CollectField(stack, key, layers, NoHides))
        {
            return false;
        }

        if (layers.Count <= 1)
        {
            field = layers.FirstOrDefault();
            return true;
        }

        // Cached so that the same field of the same stack is the same node for memoization and hiding.
        if (!_fieldsOfStacks.TryGetValue((stack, key), out field))
        {
            layers.Reverse();
            field = new MergeNode(layers[^1].Origin, layers);
            _fieldsOfStacks[(stack, key)] = field;
        }

        return true;
    }

    /// <param name="stack">A merge stack or an object concatenation.</param>
    /// <param name="key">The field to collect.</param>
    /// <param name="found">Receives the field's value from each layer, latest first.</param>
    /// <param name="hides">What <paramref name="stack"/>'s substitutions must not see, as in <see cref="Resolve(Node, IReadOnlyList{Hide})"/>.</param>
    private bool CollectField(Node stack, string key, List<Node> found, IReadOnlyList<Hide> hides)
    {
        var isMerge = stack is MergeNode;
        var layers = stack is MergeNode merge ? merge.Layers : ((ConcatNode)stack).Parts;
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            var layer = layers[i];
            switch (layer)
            {
                case WhitespaceNode:
                    continue;
                case ObjectNode obj:
                    if (obj.Fields.TryGetValue(key, out var value))
                    {
                        found.Add(value);
                    }

                    if (obj.IgnoresFallbacks)
                    {
                        return true;
                    }

                    continue;
                case ConcatNode concat:
                    if (!CollectField(concat, key, found, [.. hides, new Hide(stack, i)]))
                    {
                        return false;
                    }

                    continue;
                case SubstitutionNode:
                    switch (Resolve(layer, [.. hides, new Hide(stack, isMerge ? i : 0)]))
                    {
                        case null:
                            continue;
                        case HoconObject resolved:
                            if (resolved.Fields.TryGetValue(key, out var resolvedValue))
                            {
                                found.Add(new ResolvedNode(resolvedValue));
                            }

                            continue;
                    }

                    break;
            }

            // A non-object: in a merge it hides the layers below; in a concatenation it is a
            // type error that resolving the whole concatenation reports.
            return isMerge;
        }

        return true;
    }

    /// <summary>
    /// Latest layer first: a non-object hides everything below it, an object merges with the
    /// objects below it, an undefined layer (an optional substitution that found nothing) is skipped.
    /// Lower layers are only resolved when needed, so a hidden bad substitution is no error.
    /// </summary>
    private HoconValue? ResolveMerge(MergeNode merge)
    {
        HoconValue? result = null;
        for (var i = merge.Layers.Count - 1; i >= 0; i--)
        {
            var layer = merge.Layers[i];
            var value = Resolve(layer, layer is SubstitutionNode or ConcatNode ? [new Hide(merge, i)] : NoHides);
            if (value is null)
            {
                continue;
            }

            result = result switch
            {
                null => value,
                HoconObject later when value is HoconObject earlier => HoconObject.Merge(earlier, later),
                _ => result,
            };
            if (result is not HoconObject || value is not HoconObject || layer is ObjectNode { IgnoresFallbacks: true })
            {
                break;
            }
        }

        return result;
    }

    /// <summary>All strings (with the whitespace between them), all arrays, or all objects; undefined parts drop out.</summary>
    private HoconValue? ResolveConcat(ConcatNode concat, IReadOnlyList<Hide> hides)
    {
        // Only the concatenation's own substitutions are self-references; those inside its objects look forward.
        IReadOnlyList<Hide> partHides = [.. hides, new Hide(concat, 0)];
        var parts = new List<(Node Node, HoconValue? Value)>();
        foreach (var part in concat.Parts)
        {
            if (part is WhitespaceNode)
            {
                parts.Add((part, null));
            }
            else if (Resolve(part, part is SubstitutionNode ? partHides : NoHides) is { } value)
            {
                parts.Add((part, value));
            }
        }

        var values = parts.Where(p => p.Value is not null).Select(p => p.Value!).ToList();
        if (values.Count == 0)
        {
            return null;
        }

        if (values.All(v => v is HoconArray))
        {
            return new HoconArray(concat.Origin, values.SelectMany(v => ((HoconArray)v).Items).ToArray());
        }

        if (values.All(v => v is HoconObject))
        {
            return values.Cast<HoconObject>().Aggregate((earlier, later) => HoconObject.Merge(earlier, later)).WithOrigin(concat.Origin);
        }

        if (values.FirstOrDefault(v => v is not HoconScalar) is { } container)
        {
            var other = values.First(v => v.GetType() != container.GetType());
            throw new HoconException(
                container.Origin, $"cannot concatenate {container.Description} with {other.Description}; arrays join arrays and objects join objects");
        }

        var text = string.Concat(parts.Select(p => p.Value is HoconScalar scalar ? scalar.ConcatenationText : ((WhitespaceNode)p.Node).Text));
        return HoconScalar.String(text, concat.Origin);
    }

    /// <summary>While a substitution is looked up, <see cref="Node"/> shows only its first <see cref="VisibleLayers"/> merge layers.</summary>
    private readonly record struct Hide(Node Node, int VisibleLayers);
}
