using CallActors.Actors;
using CallActors.Persistence;
using CallActors.Persistence.Journal;

namespace CallActors.Benchmarks.Suites;

/// <summary>
/// A node restarting: each round a new actor system and persistence plugin on the same SQLite
/// file, and 1,000 persistent actors recovering 100 events each (every actor checks it applied
/// all of them). Baseline: a bare SELECT of each id's rows, every column read into memory and
/// nothing deserialized, from one connection per core.
/// </summary>
internal sealed class RecoverySuite : IBenchmarkSuite
{
    public string Name => "recovery";

    public async Task<SuiteResult> RunAsync(BenchmarkRun run)
    {
        var options = new PersistenceOptions();
        var ids = Enumerable.Range(0, JournalWorkload.Ids).Select(JournalWorkload.PersistenceId).ToArray();
        const long Events = (long)JournalWorkload.Ids * JournalWorkload.EventsPerId;

        // SQLite reads are synchronous CPU work: however many recoveries may run at once, no more
        // run than there are cores. Measured: bare SELECTs from 1 to 4 connections reach about
        // 600-800k rows/s here, from 50 connections about 400k (each opens, parses the schema and
        // warms its page cache, and they contend for the cores), slower than our recovery itself.
        var readers = Math.Min(options.MaxConcurrentRecoveries, Environment.ProcessorCount);
        await using var store = new SqliteBenchmarkStore();
        await WriteEventsAsync(store);
        Console.WriteLine(
            $"{Name}: {JournalWorkload.Ids:N0} persistent actors x {JournalWorkload.EventsPerId} events recovered on {store.Description}, " +
            $"{options.MaxConcurrentRecoveries} recoveries at once; baseline: bare SELECT per id from {readers} connections (one per core)");
        var bareCpu = new CpuPerOperation();
        var baseline = await run.MeasureAsync("bare SELECT", bareCpu.Wrap(async () =>
        {
            var read = await store.SelectAsync(ids, readers);
            return read == Events ? read : throw new InvalidOperationException($"read {read:N0} rows, expected {Events:N0}");
        }));
        var actorCpu = new CpuPerOperation();
        var actors = await run.MeasureAsync("persistent actors", actorCpu.Wrap(async () =>
        {
            await RecoverAsync(store, ids, options);
            return Events;
        }));
        Console.WriteLine($"  CPU of this process per event: {actorCpu.Median:0.00} us with actors, {bareCpu.Median:0.00} us bare");
        return new SuiteResult(Name, "events/s", actors, baseline);
    }

    /// <summary>Writes the events once, in the interleaved order concurrent actors would have stored them.</summary>
    private static async Task WriteEventsAsync(BenchmarkStore store)
    {
        await using var journal = store.CreateJournal();
        await journal.InitializeAsync();
        var rows = JournalWorkload.Rows(JournalWorkload.CreateSerializer(), JournalWorkload.EventsPerId, Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow);
        var batch = new BatchingJournalWriterOptions().MaxBatchRows;
        foreach (var chunk in rows.Chunk(batch))
        {
            var results = await journal.WriteAsync(chunk.Select(row => new AtomicWrite(row)).ToArray());
            if (results.FirstOrDefault(r => r is not null) is { } rejected)
            {
                throw new InvalidOperationException("the journal rejected a write while preparing the recovery suite", rejected);
            }
        }
    }

    private static async Task RecoverAsync(BenchmarkStore store, string[] ids, PersistenceOptions options)
    {
        var system = ActorSystem.Create("recovery");
        try
        {
            await PersistenceExtension.StartAsync(system, store.CreateJournal(), store.CreateSnapshotStore(), JournalWorkload.CreateSerializer(), options);
            var done = new JournalWorkload.Countdown(ids.Length);
            foreach (var id in ids)
            {
                system.ActorOf(Props.Create(() => new RecoveringCallActor(id, JournalWorkload.EventsPerId, done)));
            }

            await done.WaitAsync();
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Counts the events it recovers and signals on RecoveryCompleted if it got them all.</summary>
    private sealed class RecoveringCallActor : PersistentActor
    {
        private readonly JournalWorkload.Countdown _done;
        private int _recovered;

        public RecoveringCallActor(string persistenceId, int expected, JournalWorkload.Countdown done)
        {
            PersistenceId = persistenceId;
            _done = done;
            Recover<JournalWorkload.CallEventRecorded>(e =>
            {
                if (e.CallId == PersistenceId)
                {
                    _recovered++;
                }
            });
            Recover<RecoveryCompleted>(_ =>
            {
                if (_recovered == expected && LastSequenceNr == expected)
                {
                    _done.Signal();
                }
                else
                {
                    _done.Fail($"{PersistenceId} recovered {_recovered} of its events up to sequence number {LastSequenceNr}, expected {expected}");
                }
            });
        }

        public override string PersistenceId { get; }

        protected override void OnRecoveryFailure(Exception cause)
        {
            _done.Fail($"{PersistenceId}: recovery failed", cause);
            base.OnRecoveryFailure(cause);
        }
    }
}
