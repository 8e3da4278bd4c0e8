using System.Diagnostics.Metrics;
using CallActors.Persistence.Journal;
using static CallActors.Persistence.Tests.Infrastructure.Events;

namespace CallActors.Persistence.Tests.Journal;

/// <summary>The writer's queueing and batching, against a scripted journal; JournalSpec covers it on real databases.</summary>
public sealed class BatchingJournalWriterTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Waiting_writes_are_grouped_into_batches_of_at_most_max_batch_rows()
    {
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { Parallelism = 1 });
        journal.Close();
        var first = writer.WriteAsync(Write(NewId(), 1, 1));
        await journal.FirstBatchArrived.WaitAsync(Patience);

        var waiting = Enumerable.Range(0, 250).Select(_ => writer.WriteAsync(Write(NewId(), 1, 1))).ToArray();
        journal.Open();
        await Task.WhenAll(waiting.Append(first)).WaitAsync(Patience);

        Assert.Equal([1, 100, 100, 50], journal.Batches.Select(batch => batch.Count));
    }

    [Fact]
    public async Task An_atomic_write_larger_than_a_batch_goes_alone_and_whole()
    {
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { Parallelism = 1, MaxBatchRows = 10 });
        journal.Close();
        var first = writer.WriteAsync(Write(NewId(), 1, 1));
        await journal.FirstBatchArrived.WaitAsync(Patience);

        var small = writer.WriteAsync(Write(NewId(), 1, 4));
        var large = writer.WriteAsync(Write(NewId(), 1, 25));
        var after = writer.WriteAsync(Write(NewId(), 1, 3));
        journal.Open();
        await Task.WhenAll(first, small, large, after).WaitAsync(Patience);

        Assert.Equal([[1], [4], [25], [3]], journal.Batches.Select(batch => batch.Select(w => w.Events.Count)));
    }

    [Fact]
    public async Task A_full_queue_refuses_the_write_clearly_and_counts_it()
    {
        using var refused = new CounterProbe("callactors.persistence.journal.queue_full");
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { QueueCapacity = 2 });
        journal.Close();
        var accepted = new[] { writer.WriteAsync(Write(NewId(), 1, 1)), writer.WriteAsync(Write(NewId(), 1, 1)) };

        var error = await Assert.ThrowsAsync<JournalQueueFullException>(() => writer.WriteAsync(Write(NewId(), 1, 1)));

        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Capacity);
        Assert.Equal(1, refused.Total);
        journal.Open();
        await Task.WhenAll(accepted).WaitAsync(Patience);
        await writer.WriteAsync(Write(NewId(), 1, 1)).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_rejected_write_faults_with_the_journals_exception_and_its_batch_mates_complete()
    {
        var journal = new ScriptedJournal();
        var conflicted = NewId();
        journal.Outcome = write => write.PersistenceId == conflicted ? new JournalConcurrencyException(conflicted, 1) : null;
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { Parallelism = 1 });

        var writes = new[] { writer.WriteAsync(Write(NewId(), 1, 1)), writer.WriteAsync(Write(conflicted, 1, 1)), writer.WriteAsync(Write(NewId(), 1, 1)) };

        await Assert.ThrowsAsync<JournalConcurrencyException>(() => writes[1].WaitAsync(Patience));
        await writes[0].WaitAsync(Patience);
        await writes[2].WaitAsync(Patience);
    }

    [Fact]
    public async Task A_storage_failure_faults_every_write_of_the_batch_and_the_writer_carries_on()
    {
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { Parallelism = 1 });
        journal.Close();
        var first = writer.WriteAsync(Write(NewId(), 1, 1));
        await journal.FirstBatchArrived.WaitAsync(Patience);
        var failure = new JournalStorageException("PostgreSQL database 'x' at db:5432: connection refused");
        journal.Failure = failure;
        journal.Open();

        Assert.Same(failure, await Assert.ThrowsAsync<JournalStorageException>(() => first.WaitAsync(Patience)));
        journal.Failure = null;
        await writer.WriteAsync(Write(NewId(), 1, 1)).WaitAsync(Patience);
    }

    [Fact]
    public async Task A_write_cancelled_while_waiting_is_not_written()
    {
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions { Parallelism = 1 });
        journal.Close();
        var first = writer.WriteAsync(Write(NewId(), 1, 1));
        await journal.FirstBatchArrived.WaitAsync(Patience);
        using var cancel = new CancellationTokenSource();
        var cancelled = writer.WriteAsync(Write("cancelled", 1, 1), cancel.Token);
        var kept = writer.WriteAsync(Write("kept", 1, 1));

        await cancel.CancelAsync();
        journal.Open();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Patience));
        await Task.WhenAll(first, kept).WaitAsync(Patience);
        Assert.DoesNotContain(journal.Batches.SelectMany(b => b), w => w.PersistenceId == "cancelled");
    }

    [Fact]
    public async Task Flush_waits_for_writes_queued_before_it_only()
    {
        var journal = new ScriptedJournal();
        await using var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        journal.Close();
        var queued = writer.WriteAsync(Write(NewId(), 1, 1));
        await journal.FirstBatchArrived.WaitAsync(Patience);

        var flush = writer.FlushAsync();

        Assert.False(flush.IsCompleted);
        journal.Open();
        await flush.WaitAsync(Patience);
        Assert.True(queued.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Dispose_refuses_new_writes_and_completes_the_queued_ones_first()
    {
        var journal = new ScriptedJournal();
        var writer = new BatchingJournalWriter(journal, new BatchingJournalWriterOptions());
        journal.Close();
        var queued = Enumerable.Range(0, 10).Select(_ => writer.WriteAsync(Write(NewId(), 1, 1))).ToArray();
        await journal.FirstBatchArrived.WaitAsync(Patience);

        var disposing = writer.DisposeAsync().AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(Write(NewId(), 1, 1)));
        Assert.False(disposing.IsCompleted);
        journal.Open();
        await disposing.WaitAsync(Patience);
        Assert.All(queued, write => Assert.True(write.IsCompletedSuccessfully));
    }

    [Fact]
    public void Invalid_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new BatchingJournalWriter(new ScriptedJournal(), new BatchingJournalWriterOptions { Parallelism = 0, MaxBatchRows = 0 }));

        Assert.Contains("Parallelism", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxBatchRows", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sums one counter of the CallActors.Persistence meter while alive.</summary>
    private sealed class CounterProbe : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public CounterProbe(string instrument)
        {
            _listener.InstrumentPublished = (i, listener) =>
            {
                if (i.Meter.Name == BatchingJournalWriter.MeterName && i.Name == instrument)
                {
                    listener.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
