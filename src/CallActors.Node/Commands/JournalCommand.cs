using System.Text;
using System.Text.Json;
using CallActors.Node.Configuration;
using CallActors.Persistence.Journal;
using CallActors.Persistence.PostgreSql;
using CallActors.Persistence.Sqlite;

namespace CallActors.Node.Commands;

/// <summary><c>callactors journal ids|events</c>: reads the node's journal without starting a node.</summary>
public static class JournalCommand
{
    public static async Task<int> RunAsync(NodeArguments arguments, CallActorsOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        await using var journal = Open(options);
        await journal.InitializeAsync().ConfigureAwait(false);
        switch (arguments.Operands)
        {
            case ["ids"]:
                await foreach (var id in journal.ReadPersistenceIdsAsync().ConfigureAwait(false))
                {
                    await output.WriteLineAsync(id).ConfigureAwait(false);
                }

                return 0;
            case ["events", var persistenceId]:
                await foreach (var stored in journal.ReplayAsync(persistenceId, 1, long.MaxValue).ConfigureAwait(false))
                {
                    await output.WriteLineAsync(Describe(stored)).ConfigureAwait(false);
                }

                return 0;
            default:
                throw new UsageException("journal expects 'ids' or 'events PERSISTENCE_ID'");
        }
    }

    private static IJournal Open(CallActorsOptions options) =>
        options.Persistence.Plugin == PersistencePlugin.PostgreSql
            ? new PostgreSqlJournal(NodeHost.PostgreSqlOptions(options.Persistence))
            : new SqliteJournal(NodeHost.SqliteOptions(options.Persistence, Path.GetFullPath(options.DataDir)));

    private static string Describe(PersistentRepresentation stored)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("persistence_id", stored.PersistenceId);
            json.WriteNumber("sequence_nr", stored.SequenceNr);
            json.WriteString("manifest", stored.Manifest);
            json.WriteString("timestamp", stored.Timestamp);
            json.WriteString("writer_uuid", stored.WriterUuid);
            json.WritePropertyName("payload");
            try
            {
                using var payload = JsonDocument.Parse(stored.Payload);
                payload.WriteTo(json);
            }
            catch (JsonException)
            {
                json.WriteBase64StringValue(stored.Payload.Span);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
