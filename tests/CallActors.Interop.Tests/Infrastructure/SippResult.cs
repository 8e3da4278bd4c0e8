using Xunit.Sdk;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>How a sipp run ended: exit code (0 = every call succeeded), its output and its error log.</summary>
internal sealed record SippResult(string Name, int ExitCode, string Stdout, string Stderr, string Errors)
{
    /// <summary>The exit code reported for a sipp that overran its deadline and was killed.</summary>
    public const int Killed = -9;

    public void AssertSucceeded()
    {
        if (ExitCode != 0)
        {
            throw new XunitException(ToString());
        }
    }

    public override string ToString()
    {
        var exit = ExitCode == Killed ? "was killed after its deadline" : $"exited {ExitCode}";
        return $"sipp {Name} {exit}\n--- {Name} errors log:\n{Tail(Errors, 80)}\n--- stderr:\n{Tail(Stderr, 20)}\n--- stdout:\n{Tail(Stdout, 60)}";
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}
