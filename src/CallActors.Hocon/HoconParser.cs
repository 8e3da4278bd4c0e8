namespace CallActors.Hocon;

/// <summary>
/// One-step parse and resolve for a single source. To layer several sources so that
/// substitutions see all of them, use <see cref="HoconDocument"/> and resolve after merging.
/// </summary>
public static class HoconParser
{
    /// <inheritdoc cref="HoconDocument.ParseFile"/>
    public static HoconObject ParseFile(string path) => HoconDocument.ParseFile(path).Resolve();

    /// <inheritdoc cref="HoconDocument.ParseString"/>
    public static HoconObject ParseString(string text, string originName = "<string>", string? includeBaseDirectory = null) =>
        HoconDocument.ParseString(text, originName, includeBaseDirectory).Resolve();
}
