using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace CallActors.Node.Tests;

public sealed partial class DurabilityTests
{
    private static readonly Dictionary<string, string> LedgerDebug = new()
    {
        ["Logging__LogLevel__CallActors.Node.Ledger"] = "Debug",
    };

    [GeneratedRegex(@"persisted heartbeat, sequence (\d+)")]
    private static partial Regex HeartbeatLine();

    [Fact]
    public void A_node_killed_with_SIGKILL_loses_no_acknowledged_event()
    {
        using var data = new TempDirectory();
        string[] nodeArgs = ["node", "--data-dir", data.Path, "--set", "callactors.node.name=killtest", "--set", "callactors.node.heartbeat-interval=2ms"];

        long acknowledged = 0;
        using (var node = NodeProcess.Start(nodeArgs, LedgerDebug))
        {
            // Every heartbeat line is printed by the event handler, which runs only after the commit.
            node.WaitForLine(
                line => acknowledged >= 300,
                TimeSpan.FromSeconds(60),
                line =>
                {
                    if (HeartbeatLine().Match(line) is { Success: true } match)
                    {
                        acknowledged = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                    }
                });
            node.KillHard();
        }

        var stored = StoredSequenceNumbers(data.Path, "node-killtest");
        Assert.True(stored.Count >= acknowledged, $"{acknowledged} acknowledged but only {stored.Count} stored");
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(n => (long)n), stored); // contiguous from 1, nothing lost in between

        // The restarted node recovers the ledger, notices the unclean end and carries on numbering.
        using (var node = NodeProcess.Start(["node", "--data-dir", data.Path, "--set", "callactors.node.name=killtest"], LedgerDebug))
        {
            node.WaitForLine(l => l.Contains("did not stop cleanly", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            node.WaitForLine(l => l.Contains("start #2", StringComparison.Ordinal) && l.Contains($"sequence {stored.Count + 1}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            node.Signal("TERM");
            Assert.Equal(0, node.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        var events = Events(data.Path, "node-killtest");
        Assert.Equal("node-stopped", events[^1].GetProperty("manifest").GetString());
    }

    [Fact]
    public void SIGTERM_shuts_down_in_order_and_records_the_stop()
    {
        using var data = new TempDirectory();
        using var node = NodeProcess.Start(["--data-dir", data.Path, "--set", "callactors.node.name=termtest"]);
        node.WaitForLine(l => l.Contains("start #1", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        node.Signal("TERM");

        Assert.Equal(0, node.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("Coordinated shutdown started", node.Stdout, StringComparison.Ordinal);
        var events = Events(data.Path, "node-termtest");
        Assert.Equal(["node-started", "node-stopped"], events.Select(e => e.GetProperty("manifest").GetString() ?? "").ToList());
    }

    private static List<JsonElement> Events(string dataDir, string persistenceId)
    {
        var (exitCode, stdout, stderr) = NodeProcess.Run(["journal", "events", persistenceId, "--data-dir", dataDir]);
        Assert.True(exitCode == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    private static List<long> StoredSequenceNumbers(string dataDir, string persistenceId) =>
        Events(dataDir, persistenceId).Select(e => e.GetProperty("sequence_nr").GetInt64()).ToList();
}
