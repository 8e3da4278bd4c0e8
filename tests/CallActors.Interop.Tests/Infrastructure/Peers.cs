using Xunit.Sdk;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>Finds the real peers (sipp, baresip) on PATH; in CI a missing peer fails the test instead of skipping it.</summary>
internal static class Peers
{
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="binary"/> on PATH, or null.</summary>
    public static string? Find(string binary)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string Missing(string binary, string debianPackage) => $"{binary} not installed: apt-get install {debianPackage}";

    /// <summary>The path of <paramref name="binary"/>; fails the test, naming the package, when it is not installed.</summary>
    public static string Require(string binary, string debianPackage) =>
        Find(binary) ?? throw new XunitException(Missing(binary, debianPackage));
}
