using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallActors.Node.Tests;
using Xunit.Sdk;

namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>
/// A real <c>callactors node</c> for an interop test: its HOCON config and data folder live in the test's folder, it
/// listens only on the test's address, and its calls are read back through the journal CLI (<c>callactors journal
/// ids|events</c>) as <see cref="CallRecord"/>s. Starting it again on the same folder restarts it on the same journal.
/// </summary>
internal sealed partial class InteropNode : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly NodeProcess _process;
    private readonly string _configFile;
    private readonly string _dataDir;

    private InteropNode(NodeProcess process, NodeSettings settings, string configFile, string dataDir)
    {
        _process = process;
        _configFile = configFile;
        _dataDir = dataDir;
        Settings = settings;
    }

    public NodeSettings Settings { get; }

    /// <summary>The node's data folder (journal, read model, admin socket).</summary>
    public string DataDir => _dataDir;

    /// <summary>"IP:PORT", what a UAC dials.</summary>
    public string SipAddress => $"{Settings.Address}:{Settings.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Everything the node logged so far.</summary>
    public string Log => _process.Stdout + "\n" + _process.Stderr;

    /// <summary>The last lines of the node's log, for assertion messages.</summary>
    public string LogTail(int lines) => string.Join('\n', Log.Split('\n').TakeLast(lines));

    /// <summary>Writes <c>node.conf</c> into <paramref name="directory"/>, starts the node on <c>directory/data</c> and
    /// waits until it listens for SIP.</summary>
    public static InteropNode Start(string directory, NodeSettings settings)
    {
        var configFile = Path.Combine(directory, "node.conf");
        File.WriteAllText(configFile, settings.ToHocon());
        var dataDir = Path.Combine(directory, "data");
        List<string> arguments = ["node", "--config", configFile, "--data-dir", dataDir];
        foreach (var set in settings.Sets)
        {
            arguments.AddRange(["--set", set]);
        }

        // NodeProcess puts SIP on an ephemeral port through the environment, which outranks --config: undo that.
        var environment = new Dictionary<string, string> { ["CALLACTORS__SIP__PORT"] = settings.Port.ToString(CultureInfo.InvariantCulture) };
        var node = new InteropNode(NodeProcess.Start(arguments, environment, directory), settings, configFile, dataDir);
        try
        {
            var listening = node._process.WaitForLine(l => l.Contains("SIP listening on ", StringComparison.Ordinal), StartTimeout);
            if (!listening.Contains($"udp:{node.SipAddress} ", StringComparison.Ordinal))
            {
                throw new XunitException($"the node listens elsewhere than {node.SipAddress}: {listening}");
            }
            node.WaitUntilAdminSocketAnswers();
        }
        catch
        {
            node.Dispose();
            throw;
        }

        return node;
    }

    /// <summary>Waits until the node has logged <paramref name="count"/> lines matching <paramref name="pattern"/>
    /// (counting from the last wait) and returns their matches.</summary>
    /// <summary>The admin socket opens last, once the HTTP API runs: when it answers, the node is fully up. Asked
    /// directly (not from the log, whose lines the tests read in order).</summary>
    private void WaitUntilAdminSocketAnswers()
    {
        var path = Path.Combine(_dataDir, "callactors.sock");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
                socket.Connect(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
                using var stream = new System.Net.Sockets.NetworkStream(socket);
                stream.Write("{\"module\":\"crossbar_maintenance\",\"function\":\"running_modules\",\"args\":[]}\n"u8);
                using var reader = new StreamReader(stream);
                if (reader.ReadLine()?.Contains("\"exit_code\":0", StringComparison.Ordinal) == true)
                {
                    return;
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // not listening yet, or the stale file of a killed run
            }
            catch (IOException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new XunitException($"the node's admin socket did not answer within {StartTimeout.TotalSeconds:0} s:\n{LogTail(20)}");
            }
            Thread.Sleep(50);
        }
    }

    public IReadOnlyList<Match> WaitForLines(Regex pattern, int count, TimeSpan timeout)
    {
        var matches = new List<Match>();
        _process.WaitForLine(
            _ => matches.Count >= count,
            timeout,
            line =>
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    matches.Add(match);
                }
            });
        return matches;
    }

    /// <summary>Waits for the "routed by" lines of <paramref name="count"/> new calls and returns their call ids.</summary>
    public IReadOnlyList<string> WaitForRoutedCalls(int count, TimeSpan timeout) =>
        WaitForLines(RoutedLine(), count, timeout).Select(m => m.Groups["id"].Value).ToList();

    /// <summary>SIGTERM; the node must shut down cleanly (exit code 0).</summary>
    public void Stop()
    {
        _process.Signal("TERM");
        var exitCode = _process.WaitForExit(StopTimeout);
        if (exitCode != 0)
        {
            throw new XunitException($"the node exited {exitCode} after SIGTERM.\n{Log}");
        }
    }

    /// <summary>SIGKILL: the node gets no chance to finish anything.</summary>
    public void Crash() => _process.KillHard();

    /// <summary>The call ids in the journal (persistence ids <c>call-&lt;Call-ID&gt;</c>).</summary>
    public IReadOnlyList<string> CallIds() =>
        Journal("ids").Where(id => id.StartsWith("call-", StringComparison.Ordinal)).Select(id => id["call-".Length..]).ToList();

    public CallRecord ReadCall(string callId) => CallRecord.FromEvents(callId, ReadEvents(callId));

    /// <summary>The call's events as the journal CLI prints them (<c>manifest</c>, <c>payload</c>…), in order.</summary>
    public IReadOnlyList<JsonElement> ReadEvents(string callId) =>
        Journal("events", "call-" + callId).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>Reads the call from the running node's journal until <paramref name="condition"/> holds or the deadline
    /// passes; returns the last reading (null if the call was not in the journal yet), for the test to assert on.</summary>
    public CallRecord? WaitForCall(string callId, Func<CallRecord, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        CallRecord? call = null;
        do
        {
            try
            {
                call = ReadCall(callId);
            }
            catch (InvalidOperationException)
            {
                // Not started yet.
            }

            if (call is not null && condition(call))
            {
                return call;
            }
        }
        while (deadline.Elapsed < timeout); // each reading runs the journal CLI, which takes a few hundred ms

        return call;
    }

    /// <summary>Reads many calls, a few journal CLIs at a time.</summary>
    public IReadOnlyList<CallRecord> ReadCalls(IEnumerable<string> callIds)
    {
        var ids = callIds.ToList();
        var calls = new CallRecord[ids.Count];
        Parallel.For(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => calls[i] = ReadCall(ids[i]));
        return calls;
    }

    public void Dispose() => _process.Dispose();

    private List<string> Journal(params string[] arguments)
    {
        var (exitCode, stdout, stderr) = NodeProcess.Run(["journal", .. arguments, "--config", _configFile, "--data-dir", _dataDir]);
        if (exitCode != 0)
        {
            throw new XunitException($"callactors journal {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        }

        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    [GeneratedRegex(@"Call (?<id>\S+): INVITE \S+ routed by ")]
    private static partial Regex RoutedLine();
}
