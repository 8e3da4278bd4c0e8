using System.Text;

namespace CallActors.Actors;

/// <summary>The location of an actor in its system's hierarchy, e.g. <c>/user/calls/abc</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string _text;

    private ActorPath(ActorPath? parent, string name, string text)
    {
        Parent = parent;
        Name = name;
        _text = text;
    }

    /// <summary>The root, <c>/</c>.</summary>
    public static ActorPath Root { get; } = new(null, "", "/");

    public ActorPath? Parent { get; }

    public string Name { get; }

    /// <summary>The path's names from the root down, the root excluded.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var names = new List<string>();
            for (var p = this; p.Parent is not null; p = p.Parent)
            {
                names.Add(p.Name);
            }

            names.Reverse();
            return names;
        }
    }

    public ActorPath Child(string name)
    {
        ActorNames.Validate(name, allowSystemPrefix: true);
        return new ActorPath(this, name, Parent is null ? "/" + name : _text + "/" + name);
    }

    /// <summary>Parses an absolute path such as <c>/user/calls/abc</c>.</summary>
    public static ActorPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            throw new FormatException($"actor path '{path}' must start with '/'");
        }

        var result = Root;
        foreach (var name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            result = result.Child(Uri.UnescapeDataString(name));
        }

        return result;
    }

    public override string ToString() => _text;

    public bool Equals(ActorPath? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);
}

/// <summary>Rules for actor names, shared by paths and ActorOf.</summary>
internal static class ActorNames
{
    public static void Validate(string name, bool allowSystemPrefix)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidActorNameException("actor name must not be empty");
        }

        if (!allowSystemPrefix && name[0] == '$')
        {
            throw new InvalidActorNameException($"actor name '{name}' must not start with '$' (reserved for generated names)");
        }

        foreach (var c in name)
        {
            if (c == '/' || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new InvalidActorNameException($"actor name '{name}' contains an illegal character '{Escape(c)}'");
            }
        }
    }

    /// <summary>Generated names: $a, $b, … $z, $ba, … (base 26, like Akka).</summary>
    public static string Generate(long number)
    {
        var sb = new StringBuilder("$");
        var chars = new Stack<char>();
        do
        {
            chars.Push((char)('a' + (number % 26)));
            number /= 26;
        }
        while (number > 0);
        foreach (var c in chars)
        {
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string Escape(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
