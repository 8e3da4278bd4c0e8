using System.Diagnostics;
using Xunit.Sdk;

namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>Finds the real <c>lame</c> on PATH and decodes MP3s with it; in CI a missing lame fails the test instead of skipping it.</summary>
internal static class Lame
{
    public const string Missing = "lame not installed: apt-get install lame";

    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of lame on PATH, or null.</summary>
    public static string? Find()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "lame"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The path of lame; fails the test, naming the package, when it is not installed.</summary>
    public static string Require() => Find() ?? throw new XunitException(Missing);

    /// <summary>Decodes an MP3 into a WAV file with <c>lame --decode</c>.</summary>
    public static async Task DecodeAsync(string lame, string mp3Path, string wavPath)
    {
        var startInfo = new ProcessStartInfo(lame) { RedirectStandardError = true };
        foreach (var argument in new[] { "--quiet", "--decode", mp3Path, wavPath })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"lame --decode {mp3Path} exited with {process.ExitCode}: {errors}");
    }
}
