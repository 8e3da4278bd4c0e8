using Microsoft.Data.Sqlite;
using Xunit;

namespace CallActors.Node.Tests;

public sealed class ConfigurationErrorTests
{
    [Fact]
    public void An_unknown_key_stops_the_node_naming_the_key_and_where_it_was_set()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("my.conf"), "callactors {\n  node {\n    nmae = edge1\n  }\n}\n");
        var (exitCode, _, stderr) = NodeProcess.Run(["node", "--config", dir.File("my.conf"), "--data-dir", dir.Path]);

        Assert.Equal(2, exitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(dir.File("my.conf"))}:3:\d+: unknown key 'callactors.node.nmae'", stderr);
    }

    [Fact]
    public void A_route_with_an_invalid_target_or_regex_stops_the_node_naming_the_route_key()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("sip.conf"), "callactors.sip.routes = [\n  { name = ok, target = \"sip:${user}@127.0.0.1:5070\" }\n  { name = bad, match-user = \"(\", target = \"http://x\" }\n]\n");
        var (exitCode, _, stderr) = NodeProcess.Run(["node", "--config", dir.File("sip.conf"), "--data-dir", dir.Path]);

        Assert.Equal(2, exitCode);
        Assert.Contains("callactors.sip.routes.1.match-user", stderr, StringComparison.Ordinal);
        Assert.Contains("callactors.sip.routes.1.target", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("routes.0", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_node_logs_where_it_listens_for_SIP()
    {
        using var dir = new TempDirectory();
        using var node = NodeProcess.Start(["node", "--data-dir", dir.Path, "--set", "callactors.sip.bind-address=127.0.60.1"]);

        var line = node.WaitForLine(l => l.Contains("SIP listening", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Assert.Matches(@"SIP listening on udp:127\.0\.60\.1:(\d+) and tcp:127\.0\.60\.1:\1", line);
        node.Signal("TERM");
        Assert.Equal(0, node.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_HOCON_syntax_error_stops_the_node_with_file_line_and_column()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("broken.conf"), "callactors {\n  node.name = \"unterminated\n}\n");
        var (exitCode, _, stderr) = NodeProcess.Run(["node", "--config", dir.File("broken.conf"), "--data-dir", dir.Path]);

        Assert.Equal(2, exitCode);
        Assert.Matches($@"{System.Text.RegularExpressions.Regex.Escape(dir.File("broken.conf"))}:2:\d+: ", stderr);
    }

    [Fact]
    public void An_invalid_value_names_the_key()
    {
        using var dir = new TempDirectory();
        var (exitCode, _, stderr) = NodeProcess.Run(["--data-dir", dir.Path, "--set", "callactors.persistence.writer.parallelism=0"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("callactors.persistence.writer.parallelism", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_prints_usage()
    {
        var (exitCode, _, stderr) = NodeProcess.Run(["node", "--frobnicate"]);
        Assert.Equal(2, exitCode);
        Assert.Contains("unknown option '--frobnicate'", stderr, StringComparison.Ordinal);
        Assert.Contains("usage:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_journal_file_gives_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("callactors.db"), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        var (exitCode, _, stderr) = NodeProcess.Run(["--data-dir", dir.Path]);

        Assert.Equal(1, exitCode);
        Assert.Contains(dir.File("callactors.db"), stderr, StringComparison.Ordinal);
        Assert.Contains("not a database", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public void A_journal_locked_by_another_process_gives_a_clear_error()
    {
        using var dir = new TempDirectory();
        SQLitePCL.Batteries_V2.Init();
        using var holder = new SqliteConnection($"Data Source={dir.File("callactors.db")}");
        holder.Open();
        using (var lockIt = holder.CreateCommand())
        {
            lockIt.CommandText = "PRAGMA locking_mode=EXCLUSIVE; CREATE TABLE held(x); BEGIN EXCLUSIVE; INSERT INTO held VALUES (1);";
            lockIt.ExecuteNonQuery();
        }

        var (exitCode, _, stderr) = NodeProcess.Run(["--data-dir", dir.Path, "--set", "callactors.persistence.sqlite.busy-timeout=200ms"]);

        Assert.Equal(1, exitCode);
        Assert.Contains(dir.File("callactors.db"), stderr, StringComparison.Ordinal);
        Assert.Contains("locked", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
