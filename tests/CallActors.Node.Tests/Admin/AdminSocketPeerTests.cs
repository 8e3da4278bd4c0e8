using System.Diagnostics;
using System.Runtime.Versioning;
using CallActors.Node.Admin;
using CallActors.TestKit;
using Microsoft.Extensions.Logging;
using Xunit;

namespace CallActors.Node.Tests.Admin;

/// <summary>Who may use the admin socket: the node's user and root, checked twice (file mode, then SO_PEERCRED).</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AdminSocketPeerTests
{
    private const string Nobody = "65534";

    [RootFact]
    public async Task Another_user_cannot_even_connect_through_the_0600_socket()
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(new AdminReply(0, "ok"));
        await using var server = AdminSocketServer.Start(AdminSocketServer.SocketPath(dir.Path), commands, new ListLogger<AdminSocketServer>());

        var (exitCode, stderr) = await SupAsNobodyAsync(dir.Path);

        Assert.Equal(77, exitCode);
        Assert.Contains($"permission denied on {AdminSocketServer.SocketPath(dir.Path)}", stderr, StringComparison.Ordinal);
        Assert.Empty(commands.Received);
    }

    [RootFact]
    public async Task Another_user_is_refused_by_uid_even_when_the_socket_mode_lets_it_connect()
    {
        using var dir = new TempDirectory();
        var commands = new FakeAdminCommands(new AdminReply(0, "ok"));
        var logger = new ListLogger<AdminSocketServer>();
        await using var server = AdminSocketServer.Start(AdminSocketServer.SocketPath(dir.Path), commands, logger);
        File.SetUnixFileMode(AdminSocketServer.SocketPath(dir.Path), (UnixFileMode)0b110_110_110);

        var (exitCode, stderr) = await SupAsNobodyAsync(dir.Path);

        Assert.Equal(77, exitCode);
        Assert.Equal("permission denied\n", stderr);
        Assert.Empty(commands.Received);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains($"uid {Nobody}", StringComparison.Ordinal));
    }

    /// <summary>Runs the real <c>callactors sup</c> as nobody, so that the kernel reports another uid.</summary>
    private static async Task<(int ExitCode, string Stderr)> SupAsNobodyAsync(string dataDir)
    {
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups",
            "dotnet", Path.Combine(AppContext.BaseDirectory, "callactors.dll"), "sup", "crossbar_maintenance", "running_modules", "--data-dir", dataDir,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stdout;
        return (process.ExitCode, await stderr);
    }
}
