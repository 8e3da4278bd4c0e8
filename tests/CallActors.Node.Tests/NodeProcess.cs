using System.Collections.Concurrent;
using System.Diagnostics;

namespace CallActors.Node.Tests;

/// <summary>The real <c>callactors</c> executable run as a child process, its output collected line by line.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _stdout = [];
    private readonly ConcurrentQueue<string> _allStdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private NodeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _stdout.CompleteAdding();
                return;
            }

            _allStdout.Enqueue(e.Data);
            _stdout.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Stdout => string.Join('\n', _allStdout);

    public string Stderr => string.Join('\n', _stderr);

    public static NodeProcess Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "callactors.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nodes started by tests listen for SIP and HTTP on ephemeral loopback ports unless a test says otherwise, so
        // that tests running in parallel (and anything else on the machine) never collide on 127.0.0.1:5060 or :8000.
        info.Environment["CALLACTORS__SIP__PORT"] = "0";
        info.Environment["CALLACTORS__CROSSBAR__PORT"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new NodeProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Runs a command to completion and returns its exit code.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var node = Start(arguments);
        var exitCode = node.WaitForExit(timeout ?? TimeSpan.FromSeconds(60));
        return (exitCode, node.Stdout, node.Stderr);
    }

    /// <summary>Reads stdout until a line satisfies <paramref name="predicate"/>; fails with the output so far after the timeout.</summary>
    public string WaitForLine(Func<string, bool> predicate, TimeSpan timeout, Action<string>? onEachLine = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero || !_stdout.TryTake(out var line, left))
            {
                throw new TimeoutException($"no matching line within {timeout.TotalSeconds:0} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            onEachLine?.Invoke(line);
            if (predicate(line))
            {
                return line;
            }
        }
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL: the process gets no chance to flush or clean up.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"callactors did not exit within {timeout.TotalSeconds:0} s.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _stdout.Dispose();
    }
}
