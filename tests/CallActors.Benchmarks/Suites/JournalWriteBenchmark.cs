using System.Diagnostics;
using System.Diagnostics.Metrics;
using CallActors.Actors;
using CallActors.Persistence;
using CallActors.Persistence.Journal;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// The journal-write measurement the SQLite and PostgreSQL suites share: 1,000 persistent actors
/// all persisting at once, each its next event when the previous one's handler ran (one write in
/// flight per actor, real Persist semantics). Baseline: the same rows (same table, same payload
/// bytes, same order) as bare prepared multi-row INSERTs in transactions the size of the journal
/// writer's batches. Each round starts from an empty database.
/// </summary>
internal static class JournalWriteBenchmark
{
    public static async Task<SuiteResult> RunAsync(string suite, BenchmarkRun run, Func<BenchmarkStore> newStore)
    {
        var eventsPerId = run.Quick ? 20 : JournalWorkload.EventsPerId;
        var rows = JournalWorkload.Rows(JournalWorkload.CreateSerializer(), eventsPerId, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
        BatchingJournalWriterOptions writer;
        await using (var probe = newStore())
        {
            // The plugins' defaults: SQLite has one writer, so the node writes through one lane there.
            writer = new BatchingJournalWriterOptions { Parallelism = probe.SingleWriter ? 1 : 3 };
            var statementRows = Math.Min(probe.BareRowsPerStatement, writer.MaxBatchRows);
            var connections = probe.SingleWriter ? 1 : writer.Parallelism;
            Console.WriteLine(
                $"{suite}: {JournalWorkload.Ids:N0} persistent actors x {eventsPerId} events ({rows[0].Payload.Length} B payload), one Persist in flight per actor, " +
                $"on {probe.Description}; baseline: bare {statementRows}-row INSERTs in {writer.MaxBatchRows}-row transactions from {connections} connection(s)");
        }

        var bareCpu = new CpuPerOperation();
        var baseline = await run.MeasureAsync("bare INSERT", bareCpu.Wrap(() => BareRoundAsync(newStore, rows, writer)));
        var actorCpu = new CpuPerOperation();
        var phases = new RoundPhases();
        using var batches = new WriterBatches();
        var actors = await run.MeasureAsync("persistent actors", actorCpu.Wrap(() => ActorRoundAsync(newStore, eventsPerId, writer, phases)));

        // Where the time goes: an actor round also starts a system and 1,000 actors, which recover
        // (find nothing) before they persist.
        var events = (long)JournalWorkload.Ids * eventsPerId;
        Console.WriteLine(
            $"  actor rounds (median): starting the actors {phases.Starting.TotalMilliseconds:0} ms, persisting {phases.Persisting.TotalMilliseconds:0} ms " +
            $"({events / phases.Persisting.TotalSeconds:N0} events/s); {batches.RowsPerBatch:0.0} rows per journal transaction");
        Console.WriteLine($"  CPU of this process per event: {actorCpu.Median:0.0} us with actors, {bareCpu.Median:0.0} us bare");
        return new SuiteResult(suite, "events/s", actors, baseline);
    }

    private static async Task<long> BareRoundAsync(Func<BenchmarkStore> newStore, PersistentRepresentation[] rows, BatchingJournalWriterOptions writer)
    {
        await using var store = newStore();
        await store.CreateSchemaAsync();
        await store.InsertAsync(rows, writer.MaxBatchRows, writer.Parallelism);
        return await CountStoredAsync(store, rows.Length);
    }

    private static async Task<long> ActorRoundAsync(Func<BenchmarkStore> newStore, int eventsPerId, BatchingJournalWriterOptions writer, RoundPhases phases)
    {
        await using var store = newStore();
        var system = ActorSystem.Create("journal-write");
        try
        {
            await PersistenceExtension.StartAsync(system, store.CreateJournal(), store.CreateSnapshotStore(), JournalWorkload.CreateSerializer(), writerOptions: writer);
            var recovered = new JournalWorkload.Countdown(JournalWorkload.Ids);
            var done = new JournalWorkload.Countdown(JournalWorkload.Ids);
            var started = Stopwatch.GetTimestamp();
            var recorders = Enumerable.Range(0, JournalWorkload.Ids)
                .Select(JournalWorkload.PersistenceId)
                .Select(persistenceId => system.ActorOf(Props.Create(() => new CallRecorderActor(persistenceId, eventsPerId, recovered, done))))
                .ToArray();

            // All start persisting together, once all have recovered.
            await recovered.WaitAsync();
            var going = Stopwatch.GetTimestamp();
            foreach (var recorder in recorders)
            {
                recorder.Tell(Go.Instance, ActorRefs.NoSender);
            }

            await done.WaitAsync();
            phases.Add(Stopwatch.GetElapsedTime(started, going), Stopwatch.GetElapsedTime(going));
        }
        finally
        {
            await system.Terminate();
        }

        return await CountStoredAsync(store, (long)JournalWorkload.Ids * eventsPerId);
    }

    private static async Task<long> CountStoredAsync(BenchmarkStore store, long expected)
    {
        var stored = await store.CountRowsAsync();
        return stored == expected
            ? stored
            : throw new InvalidOperationException($"the journal holds {stored:N0} rows, expected {expected:N0}");
    }

    /// <summary>How long the actor rounds spent starting the actors and persisting.</summary>
    private sealed class RoundPhases
    {
        private readonly List<TimeSpan> _starting = [];
        private readonly List<TimeSpan> _persisting = [];

        public TimeSpan Starting => Median(_starting);

        public TimeSpan Persisting => Median(_persisting);

        public void Add(TimeSpan starting, TimeSpan persisting)
        {
            _starting.Add(starting);
            _persisting.Add(persisting);
        }

        private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAtOrDefault(values.Count / 2);
    }

    /// <summary>Listens to the journal writer's meter: how full its transactions were.</summary>
    private sealed class WriterBatches : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _batches;
        private long _rows;

        public WriterBatches()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == BatchingJournalWriter.MeterName
                    && instrument.Name is "callactors.persistence.journal.batches" or "callactors.persistence.journal.rows_written")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
                Interlocked.Add(ref instrument.Name.EndsWith("batches", StringComparison.Ordinal) ? ref _batches : ref _rows, value));
            _listener.Start();
        }

        public double RowsPerBatch => (double)Interlocked.Read(ref _rows) / Math.Max(1, Interlocked.Read(ref _batches));

        public void Dispose() => _listener.Dispose();
    }

    private sealed class Go
    {
        public static Go Instance { get; } = new();
    }

    /// <summary>Signals when recovered; on <see cref="Go"/>, persists its events one after the other, then signals.</summary>
    private sealed class CallRecorderActor : PersistentActor
    {
        private readonly int _events;
        private readonly JournalWorkload.Countdown _done;

        public CallRecorderActor(string persistenceId, int events, JournalWorkload.Countdown recovered, JournalWorkload.Countdown done)
        {
            PersistenceId = persistenceId;
            _events = events;
            _done = done;
            Recover<RecoveryCompleted>(_ => recovered.Signal());
            Command<Go>(_ => PersistNext());
        }

        public override string PersistenceId { get; }

        protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
        {
            _done.Fail($"{PersistenceId}: persisting event {sequenceNr} failed", cause);
            base.OnPersistFailure(cause, @event, sequenceNr);
        }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
        {
            _done.Fail($"{PersistenceId}: event {sequenceNr} was rejected", cause);
            base.OnPersistRejected(cause, @event, sequenceNr);
        }

        private void PersistNext() => Persist(JournalWorkload.Event(PersistenceId, LastSequenceNr + 1), _ => Persisted());

        private void Persisted()
        {
            if (LastSequenceNr < _events)
            {
                PersistNext();
            }
            else
            {
                _done.Signal();
            }
        }
    }
}
