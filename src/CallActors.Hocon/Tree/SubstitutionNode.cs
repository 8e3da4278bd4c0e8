using CallActors.Hocon.Parsing;

namespace CallActors.Hocon.Tree;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. Written in a file included under <see cref="IncludePrefix"/>,
/// it is looked up relative to the include point first, then from the root (the spec's "fix-up").
/// </summary>
internal sealed class SubstitutionNode(
    HoconOrigin origin, IReadOnlyList<string> path, IReadOnlyList<string> includePrefix, bool optional) : Node(origin)
{
    public IReadOnlyList<string> Path { get; } = path;

    public bool Optional { get; } = optional;

    public IReadOnlyList<string> IncludePrefix { get; } = includePrefix;

    /// <summary>The path as written, e.g. <c>callactors.data-dir</c>; also the environment variable consulted.</summary>
    public string PathText => HoconPath.Render(Path);

    public string Display => Optional ? $"${{?{PathText}}}" : $"${{{PathText}}}";

    /// <summary>The absolute paths to try, in order.</summary>
    public IEnumerable<IReadOnlyList<string>> Candidates =>
        IncludePrefix.Count == 0 ? [Path] : [[.. IncludePrefix, .. Path], Path];
}
