using CallActors.Persistence.Sqlite;

namespace CallActors.Node.Configuration;

/// <summary>The <c>callactors</c> section of the configuration, bound strictly (unknown keys are errors).</summary>
public sealed class CallActorsOptions
{
    public string DataDir { get; set; } = "data";

    public NodeOptions Node { get; set; } = new();

    public ActorsOptions Actors { get; set; } = new();

    public ShutdownOptions Shutdown { get; set; } = new();

    public PersistenceSettings Persistence { get; set; } = new();

    public SipSettings Sip { get; set; } = new();

    public MediaSettings Media { get; set; } = new();

    public CrossbarSettings Crossbar { get; set; } = new();

    public RecordingSettings Recording { get; set; } = new();

    /// <summary>Every invalid setting, as (key, problem); empty when the options are usable.</summary>
    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDir))
        {
            yield return ("callactors.data-dir", "must not be empty");
        }

        if (string.IsNullOrWhiteSpace(Node.Name) || Node.Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_'))
        {
            yield return ("callactors.node.name", $"'{Node.Name}' must be letters, digits, '-' or '_'");
        }

        if (Node.HeartbeatInterval < TimeSpan.FromMilliseconds(1))
        {
            yield return ("callactors.node.heartbeat-interval", "must be at least 1ms");
        }

        if (Actors.Throughput is < 1 or > 100_000)
        {
            yield return ("callactors.actors.throughput", $"{Actors.Throughput} must be between 1 and 100000");
        }

        if (Shutdown.PhaseTimeout < TimeSpan.FromMilliseconds(100))
        {
            yield return ("callactors.shutdown.phase-timeout", "must be at least 100ms");
        }

        foreach (var problem in Persistence.Validate())
        {
            yield return problem;
        }

        foreach (var problem in Sip.Validate())
        {
            yield return problem;
        }

        foreach (var problem in Media.Validate())
        {
            yield return problem;
        }

        foreach (var problem in Crossbar.Validate())
        {
            yield return problem;
        }

        foreach (var problem in Recording.Validate())
        {
            yield return problem;
        }
    }
}

public sealed class NodeOptions
{
    public string Name { get; set; } = "node1";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class ActorsOptions
{
    public int Throughput { get; set; } = 100;
}

public sealed class ShutdownOptions
{
    public TimeSpan PhaseTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Which journal the node uses.</summary>
public enum PersistencePlugin
{
    Sqlite,
    PostgreSql,
}

public sealed class PersistenceSettings
{
    public PersistencePlugin Plugin { get; set; } = PersistencePlugin.Sqlite;

    public SqliteSettings Sqlite { get; set; } = new();

    public PostgreSqlSettings Postgresql { get; set; } = new();

    public WriterSettings Writer { get; set; } = new();

    public int MaxConcurrentRecoveries { get; set; } = 50;

    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (string.IsNullOrWhiteSpace(Sqlite.File))
        {
            yield return ("callactors.persistence.sqlite.file", "must not be empty");
        }

        if (Sqlite.BusyTimeout < TimeSpan.Zero)
        {
            yield return ("callactors.persistence.sqlite.busy-timeout", "must not be negative");
        }

        if (Plugin == PersistencePlugin.PostgreSql && string.IsNullOrWhiteSpace(Postgresql.ConnectionString))
        {
            yield return ("callactors.persistence.postgresql.connection-string", "is required when callactors.persistence.plugin = postgresql");
        }

        if (Writer.BatchRows is < 1 or > 10_000)
        {
            yield return ("callactors.persistence.writer.batch-rows", $"{Writer.BatchRows} must be between 1 and 10000");
        }

        if (Writer.Parallelism is < 1 or > 64)
        {
            yield return ("callactors.persistence.writer.parallelism", $"{Writer.Parallelism} must be between 1 and 64");
        }

        if (Writer.QueueCapacity < 1)
        {
            yield return ("callactors.persistence.writer.queue-capacity", "must be at least 1");
        }

        if (MaxConcurrentRecoveries < 1)
        {
            yield return ("callactors.persistence.max-concurrent-recoveries", "must be at least 1");
        }
    }
}

public sealed class SqliteSettings
{
    public string File { get; set; } = "callactors.db";

    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class PostgreSqlSettings
{
    public string ConnectionString { get; set; } = "";

    public string Schema { get; set; } = "public";
}

public sealed class WriterSettings
{
    public int BatchRows { get; set; } = 100;

    /// <summary>Null: the plugin's default (1 for SQLite, which has one writer; 3 for PostgreSQL).</summary>
    public int? Parallelism { get; set; }

    public int QueueCapacity { get; set; } = 10_000;
}
