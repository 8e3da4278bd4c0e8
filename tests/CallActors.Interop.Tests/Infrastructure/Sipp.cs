using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// One sipp process (Debian package sip-tester). Every run is pinned to its test's loopback address (SIP, media and
/// control sockets, <c>-bind_local</c>), runs without a terminal (<c>-nostdin</c>), fails on its own global timeout
/// (<c>-timeout Ns -timeout_error</c>) and writes unexpected messages to <c>&lt;name&gt;_errors.log</c> in the test's
/// folder. Disposing kills it if it is still running.
/// </summary>
internal sealed class Sipp : IDisposable
{
    private readonly Process _process;
    private readonly string _errorFile;
    private readonly TimeSpan _timeout;
    private readonly string _address;
    private readonly int _port;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private Sipp(string name, string address, int port, Process process, string errorFile, TimeSpan timeout)
    {
        Name = name;
        _address = address;
        _port = port;
        _process = process;
        _errorFile = errorFile;
        _timeout = timeout;
        process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The role in the test ("uac", "uas"), used for the error log's name and in messages.</summary>
    public string Name { get; }

    /// <summary>A scenario from tests/fixtures/sipp (copied beside the tests).</summary>
    public static string Scenario(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", "sipp", file);

    /// <summary>Starts sipp with <paramref name="arguments"/> (scenario, remote host, rates...) plus the options every
    /// interop run needs; <paramref name="timeout"/> is sipp's own global timeout.</summary>
    public static Sipp Start(string workingDirectory, string name, string address, int port, TimeSpan timeout, params string[] arguments)
    {
        var binary = Peers.Require("sipp", "sip-tester");
        var errorFile = Path.Combine(workingDirectory, $"{name}_errors.log");
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        string[] common =
        [
            "-i", address, "-p", port.ToString(CultureInfo.InvariantCulture),
            // sipp's media IP defaults to the host's primary address and its control socket to 0.0.0.0: keep both on ours.
            "-mi", address, "-ci", address, "-bind_local",
            "-nostdin", "-timeout", $"{(int)Math.Ceiling(timeout.TotalSeconds)}s", "-timeout_error",
            "-trace_err", "-error_file", errorFile,
        ];
        foreach (var argument in common)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start sipp");
        process.StandardInput.Close();
        return new Sipp(name, address, port, process, errorFile, timeout);
    }

    /// <summary>Waits until sipp listens on its SIP port (a UAS must before the node calls it).</summary>
    public void WaitUntilListening(bool tcp = false) =>
        ListeningSockets.WaitUntilListening(_address, _port, tcp, TimeSpan.FromSeconds(10), () => _process.HasExited ? WaitForExit().ToString() : null);

    /// <summary>Waits for sipp to finish (its own timeout plus a margin; killed after that).</summary>
    public SippResult WaitForExit()
    {
        var exitCode = _process.WaitForExit(_timeout + TimeSpan.FromSeconds(10)) ? ExitCode() : Kill();
        return new SippResult(Name, exitCode, Text(_stdout), Text(_stderr), File.Exists(_errorFile) ? File.ReadAllText(_errorFile) : string.Empty);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private int ExitCode()
    {
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    private int Kill()
    {
        _process.Kill();
        _process.WaitForExit();
        return SippResult.Killed;
    }

    private static void Append(StringBuilder text, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (text)
        {
            text.AppendLine(line);
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
