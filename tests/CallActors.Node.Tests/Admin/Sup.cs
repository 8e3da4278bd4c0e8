using CallActors.Node.Commands;
using CallActors.Node.Configuration;

namespace CallActors.Node.Tests.Admin;

/// <summary>Runs <c>callactors sup</c> in-process, resolving the data dir from the flags as the executable does.</summary>
internal static class Sup
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string dataDir, params string[] operands)
    {
        var arguments = NodeArguments.Parse(["sup", .. operands, "--data-dir", dataDir]);
        var (_, options) = NodeConfiguration.Load(arguments);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await SupCommand.RunAsync(arguments, options, stdout, stderr);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }
}
