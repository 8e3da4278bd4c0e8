using System.Globalization;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// The events the persistence suites write and read: 1,000 calls, each recording its events
/// (about 200 bytes of JSON), stored in the order concurrent calls produce them.
/// </summary>
internal static class JournalWorkload
{
    public const int Ids = 1_000;

    public const int EventsPerId = 100;

    private const string Manifest = "bench-call-event";

    /// <summary>Long enough for a run that works; a hung run fails instead of waiting forever.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static string PersistenceId(int id) => string.Create(CultureInfo.InvariantCulture, $"call-{id:D6}");

    public static CallEventRecorded Event(string persistenceId, long sequenceNr) =>
        new(
            persistenceId,
            string.Create(CultureInfo.InvariantCulture, $"leg-{sequenceNr:D3}"),
            "sip:alice.anderson@pbx-01.example.com",
            "sip:bob.brown@gateway-02.example.net",
            "PCMA/8000",
            "rtp 10.0.0.17:40000 -> 192.0.2.55:52000");

    public static EventSerializer CreateSerializer() => new EventSerializer().Register<CallEventRecorded>(Manifest);

    /// <summary>
    /// Every id's events 1..<paramref name="eventsPerId"/>, serialized, in the order the write suites
    /// produce them: the first event of every id, then the second of every id, and so on.
    /// </summary>
    public static PersistentRepresentation[] Rows(EventSerializer serializer, int eventsPerId, string writerUuid, DateTimeOffset timestamp)
    {
        var rows = new PersistentRepresentation[Ids * eventsPerId];
        var next = 0;
        for (var sequenceNr = 1; sequenceNr <= eventsPerId; sequenceNr++)
        {
            for (var id = 0; id < Ids; id++)
            {
                var persistenceId = PersistenceId(id);
                var (manifest, payload) = serializer.Serialize(Event(persistenceId, sequenceNr));
                rows[next++] = new PersistentRepresentation(persistenceId, sequenceNr, manifest, payload, writerUuid, timestamp, []);
            }
        }

        return rows;
    }

    /// <summary>A call's event; its JSON is about 200 bytes.</summary>
    internal sealed record CallEventRecorded(string CallId, string Leg, string From, string To, string Codec, string Media);

    /// <summary>Completes when every actor signalled, or fails with the first actor's complaint.</summary>
    internal sealed class Countdown(int count)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int _count = count;
        private int _remaining = count;

        public void Signal()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }

        public void Fail(string problem, Exception? cause = null) =>
            _done.TrySetException(new InvalidOperationException(problem, cause));

        public async Task WaitAsync()
        {
            try
            {
                await _done.Task.WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"{Volatile.Read(ref _remaining):N0} of {_count:N0} actors had not finished after {Timeout}");
            }
        }
    }
}
