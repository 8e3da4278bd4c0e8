using Xunit;

namespace CallActors.Node.Tests.Admin;

/// <summary>
/// A fact that runs a client as another user (<c>setpriv</c>, from util-linux), which needs root on Linux: skipped on a
/// developer machine without them, never in CI (CI=true), where the test then fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            Skip = "running a client as another user needs root on Linux: run the tests as root (CI does)";
        }
        else if (!File.Exists("/usr/bin/setpriv"))
        {
            Skip = "setpriv not installed: apt-get install util-linux";
        }
    }
}
