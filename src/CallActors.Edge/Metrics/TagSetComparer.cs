namespace CallActors.Edge.Metrics;

/// <summary>Compares tag sets regardless of tag order, and lets a measurement's tag span find its series without
/// copying it into a key.</summary>
internal sealed class TagSetComparer :
    IEqualityComparer<TagSet>,
    IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    /// <summary>A sum of the tags' hashes, so that it does not depend on their order.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash = unchecked(hash + HashCode.Combine(tag.Key, tag.Value));
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Hash != y.Hash || x.Tags.Length != y.Tags.Length)
        {
            return false;
        }

        for (var i = 0; i < x.Tags.Length; i++)
        {
            if (!string.Equals(x.Tags[i].Key, y.Tags[i].Key, StringComparison.Ordinal) || !Equals(x.Tags[i].Value, y.Tags[i].Value))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other)
    {
        var stored = other.Tags;
        if (alternate.Length != stored.Length)
        {
            return false;
        }

        for (var i = 0; i < alternate.Length; i++)
        {
            var tag = alternate[i];
            // Instruments usually pass their tags in the same order each time: try the same position first.
            var j = string.Equals(stored[i].Key, tag.Key, StringComparison.Ordinal) ? i : IndexOf(stored, tag.Key);
            if (j < 0 || !Equals(stored[j].Value, tag.Value))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate);

    private static int IndexOf(KeyValuePair<string, object?>[] tags, string key)
    {
        for (var i = 0; i < tags.Length; i++)
        {
            if (string.Equals(tags[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
