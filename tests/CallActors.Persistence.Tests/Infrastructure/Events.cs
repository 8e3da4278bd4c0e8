using System.Text;
using CallActors.Persistence.Journal;

namespace CallActors.Persistence.Tests.Infrastructure;

/// <summary>Builders for journal rows in tests.</summary>
internal static class Events
{
    public const string WriterUuid = "3f2c9d1e-writer";

    // Millisecond precision, as stored.
    public static readonly DateTimeOffset Timestamp = new(2024, 5, 17, 10, 11, 12, 345, TimeSpan.Zero);

    public static string NewId(string prefix = "call") => $"{prefix}-{Guid.NewGuid():N}";

    public static PersistentRepresentation Event(string persistenceId, long sequenceNr, params string[] tags) =>
        new(
            persistenceId,
            sequenceNr,
            "call-event",
            Encoding.UTF8.GetBytes($"{persistenceId}#{sequenceNr}"),
            WriterUuid,
            Timestamp.AddSeconds(sequenceNr),
            tags);

    /// <summary>One atomic write of events from..to.</summary>
    public static AtomicWrite Write(string persistenceId, long from, long to, params string[] tags) =>
        new(Enumerable.Range(0, checked((int)(to - from + 1))).Select(i => Event(persistenceId, from + i, tags)).ToArray());

    public static string Text(PersistentRepresentation e) => Encoding.UTF8.GetString(e.Payload.Span);
}
