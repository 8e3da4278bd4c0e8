using System.Diagnostics;
using System.Text;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The callactors node as b2bua-cps.sh runs it: a Release build started with a HOCON file, per-call log lines
/// off and the "SIP listening" line on (the sign it is up); stopped with SIGINT, killed if it lingers. Its CPU time is
/// utime + stime from /proc/&lt;pid&gt;/stat (what <see cref="Process.TotalProcessorTime"/> reads on Linux).</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private const string ListeningLine = "SIP listening";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logging = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _logClosed;

    private NodeProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false, Encoding.UTF8);
    }

    public string LogPath { get; }

    public int Id => _process.Id;

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Builds src/CallActors.Node in Release into <paramref name="artifacts"/> and returns the path of callactors.dll.</summary>
    public static async Task<string> BuildAsync(string repository, string artifacts)
    {
        Console.WriteLine($"building the node (Release) into {artifacts}");
        var build = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "src/CallActors.Node", "-c", "Release", "--artifacts-path", artifacts, "-v", "q", "-nologo" })
        {
            build.ArgumentList.Add(argument);
        }
        using var process = Process.Start(build) ?? throw new SuiteUnavailableException("could not start dotnet build");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new SuiteUnavailableException($"the node does not build:\n{await output}{await errors}");
        }
        return Path.Combine(artifacts, "bin", "CallActors.Node", "release", "callactors.dll");
    }

    /// <summary>Writes <paramref name="config"/> to node.conf in <paramref name="folder"/>, starts the node on it with
    /// its data in folder/data, and waits until it listens for SIP.</summary>
    public static async Task<NodeProcess> StartAsync(string dll, string folder, string config, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(dll))
        {
            throw new SuiteUnavailableException($"no node at {dll}");
        }
        var configPath = Path.Combine(folder, "node.conf");
        await File.WriteAllTextAsync(configPath, config);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { dll, "node", "--config", configPath, "--data-dir", Path.Combine(folder, "data") })
        {
            start.ArgumentList.Add(argument);
        }
        // Per-call log lines off (console logging at thousands of lines a second measures the terminal); the listening line on.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__CallActors.Sip.Transport.SipTransport"] = "Information";
        start.Environment["CALLACTORS__CROSSBAR__PORT"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(process, Path.Combine(folder, "node.log"));
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(node._listening.Task, exited, Task.Delay(StartTimeout));
        if (first != node._listening.Task)
        {
            var why = first == exited ? $"exited with {process.ExitCode}" : $"did not listen within {StartTimeout.TotalSeconds:0} s";
            await node.DisposeAsync();
            throw new SuiteUnavailableException($"the node {why}; its output:\n{await File.ReadAllTextAsync(node.LogPath)}");
        }
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Libc.Interrupt(_process.Id);
            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        else
        {
            await _process.WaitForExitAsync(); // lets the output readers finish
        }
        lock (_logging)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_logging)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
                _log.Flush();
            }
        }
        if (line.Contains(ListeningLine, StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
