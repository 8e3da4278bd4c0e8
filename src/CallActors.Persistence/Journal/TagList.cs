namespace CallActors.Persistence.Journal;

/// <summary>
/// Tags stored in one text column as ";tag1;tag2;" so a search for ";tag;" matches exactly one
/// whole tag and never a prefix or suffix of another.
/// </summary>
internal static class TagList
{
    public const char Separator = ';';

    public static string? Encode(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0)
        {
            return null;
        }

        return Separator + string.Join(Separator, tags) + Separator;
    }

    public static IReadOnlyList<string> Decode(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return [];
        }

        return stored.Split(Separator, StringSplitOptions.RemoveEmptyEntries);
    }

    public static string SearchTerm(string tag) => Separator + tag + Separator;

    /// <summary>Why the tag cannot be stored, or null when it can.</summary>
    public static string? Problem(string? tag) => tag switch
    {
        null => "a tag is null",
        "" => "a tag is empty",
        _ when tag.Contains(Separator, StringComparison.Ordinal) => $"tag '{tag}' contains '{Separator}'",
        _ => null,
    };
}
