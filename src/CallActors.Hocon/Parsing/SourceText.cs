namespace CallActors.Hocon.Parsing;

/// <summary>
/// What the parser needs to know about the text it reads: the name used in origins, where its
/// includes are looked up, the path it is included under, and the chain of files including it.
/// </summary>
internal sealed class SourceText
{
    private readonly IReadOnlyList<(string FullPath, string Name)> _includeChain;

    private SourceText(string name, string? baseDirectory, IReadOnlyList<string> includePrefix, IReadOnlyList<(string, string)> includeChain)
    {
        Name = name;
        BaseDirectory = baseDirectory;
        IncludePrefix = includePrefix;
        _includeChain = includeChain;
    }

    public string Name { get; }

    /// <summary>Relative includes resolve against this directory; never against the process's working directory.</summary>
    public string? BaseDirectory { get; }

    /// <summary>The absolute path of the object this text was included into (empty at the root).</summary>
    public IReadOnlyList<string> IncludePrefix { get; }

    public static SourceText ForFile(string path) =>
        new(path, Path.GetDirectoryName(path) ?? "", [], [(Path.GetFullPath(path), path)]);

    public static SourceText ForString(string originName, string? includeBaseDirectory) =>
        new(originName, includeBaseDirectory, [], []);

    /// <summary>
    /// The existing files an include names. Without an extension the name is a basename and
    /// every known format is loaded, JSON before HOCON as the spec orders them.
    /// </summary>
    public (IReadOnlyList<string> Files, string LookedFor) LocateInclude(IncludeDirective include)
    {
        var name = include.Name;
        if (!Path.IsPathRooted(name) && BaseDirectory is null)
        {
            throw new HoconException(include.Origin, $"cannot include '{name}': {Name} has no base directory to resolve it against");
        }

        var path = Path.IsPathRooted(name) ? name : Path.Combine(BaseDirectory!, name);
        if (Path.HasExtension(name))
        {
            return (File.Exists(path) ? [path] : [], Path.GetFullPath(path));
        }

        string[] candidates = [path + ".json", path + ".conf"];
        var found = candidates.Where(File.Exists).ToArray();
        if (found.Length == 0 && File.Exists(path))
        {
            found = [path];
        }

        return (found, $"{Path.GetFullPath(path)}, .json or .conf");
    }

    /// <summary>The source for an included file; an include cycle is an error at the include statement.</summary>
    public SourceText EnterInclude(string path, IReadOnlyList<string> includePrefix, HoconOrigin includeOrigin)
    {
        var fullPath = Path.GetFullPath(path);
        if (_includeChain.Any(entry => entry.FullPath == fullPath))
        {
            var cycle = string.Join(" -> ", _includeChain.SkipWhile(entry => entry.FullPath != fullPath).Select(entry => entry.Name).Append(path));
            throw new HoconException(includeOrigin, $"include cycle: {cycle}");
        }

        return new SourceText(path, Path.GetDirectoryName(path) ?? "", includePrefix, [.. _includeChain, (fullPath, path)]);
    }
}
