using System.Diagnostics;

namespace CallActors.Interop.Tests.Media;

/// <summary>Runs a command-line tool to completion and returns its exit code and output.</summary>
internal static class ToolRun
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string binary, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        // Both pipes drain concurrently, so that a full one cannot stall the tool.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill();
            throw new TimeoutException($"{binary} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds} s");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
