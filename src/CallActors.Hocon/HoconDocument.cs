using CallActors.Hocon.Parsing;
using CallActors.Hocon.Tree;

namespace CallActors.Hocon;

/// <summary>
/// A parsed but unresolved HOCON document. Layer documents with <see cref="WithFallback"/>
/// (defaults, then a user file, then overrides) and call <see cref="Resolve()"/> once at the end:
/// substitutions resolve against the final merged tree, so a user file may use
/// <c>${callactors.data-dir}</c> from the defaults and an override changes every use of it.
/// </summary>
public sealed class HoconDocument
{
    private HoconDocument(ObjectNode root) => Root = root;

    public static HoconDocument Empty { get; } =
        new(new ObjectNode(new HoconOrigin("<empty>", 1, 1), new OrderedDictionary<string, Node>(StringComparer.Ordinal)));

    internal ObjectNode Root { get; }

    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="HoconException">The file or one it includes is not valid HOCON.</exception>
    public static HoconDocument ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"HOCON file '{path}' not found", path);
        }

        return new(DocumentParser.ParseFile(path, SourceText.ForFile(path), origin: null));
    }

    /// <param name="text">The HOCON text.</param>
    /// <param name="originName">The name errors and origins use for this text.</param>
    /// <param name="includeBaseDirectory">Where relative includes are looked up; without it they are an error.</param>
    /// <exception cref="HoconException">The text or a file it includes is not valid HOCON.</exception>
    public static HoconDocument ParseString(string text, string originName = "<string>", string? includeBaseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(originName);
        return new(DocumentParser.Parse(text, SourceText.ForString(originName, includeBaseDirectory)));
    }

    /// <summary>This document over <paramref name="fallback"/>: this one's values win, objects merge.</summary>
    public HoconDocument WithFallback(HoconDocument fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new(NodeMerger.MergeObjects(fallback.Root, Root));
    }

    /// <summary>Resolves substitutions, falling back to process environment variables.</summary>
    /// <exception cref="HoconException">A substitution is missing or circular, or a concatenation mixes types.</exception>
    public HoconObject Resolve() => Resolve(Environment.GetEnvironmentVariable);

    /// <summary>Resolves substitutions, falling back to <paramref name="environment"/> for paths the tree lacks.</summary>
    public HoconObject Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Resolver.Resolve(Root, environment);
    }
}
