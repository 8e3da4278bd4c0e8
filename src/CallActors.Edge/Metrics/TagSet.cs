namespace CallActors.Edge.Metrics;

/// <summary>The tags of one series, sorted by key so that the same tags in any order are one series, with their
/// Prometheus label text rendered once.</summary>
internal sealed class TagSet
{
    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        Tags = sorted;
        Hash = TagSetComparer.HashOf(tags);
        Labels = PrometheusText.Labels(sorted);
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }

    /// <summary><c>name="value",…</c> without the braces; empty for no tags.</summary>
    public string Labels { get; }
}
