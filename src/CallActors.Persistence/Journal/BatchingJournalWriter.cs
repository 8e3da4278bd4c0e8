using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Persistence.Journal;

/// <summary>
/// Shared by all actors: turns many small writes into few transactions (Akka.Persistence.Sql's
/// design: a bounded queue, batches of up to <see cref="BatchingJournalWriterOptions.MaxBatchRows"/>
/// rows, <see cref="BatchingJournalWriterOptions.Parallelism"/> concurrent writers).
/// </summary>
/// <remarks>
/// Each persistence id is routed by hash to one lane, and a lane writes one batch at a time, so a
/// write is never committed before an earlier queued write of the same id. Akka's single queue with
/// parallel batches does not give that guarantee.
/// </remarks>
public sealed partial class BatchingJournalWriter : IAsyncDisposable
{
    /// <summary>The System.Diagnostics.Metrics meter the writer reports to.</summary>
    public const string MeterName = "CallActors.Persistence";

    private readonly IJournal _journal;
    private readonly BatchingJournalWriterOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<LaneItem>[] _lanes;
    private readonly Task _drained;
    private int _pending;
    private int _disposed;

    /// <param name="journal">Not owned: disposing the writer leaves the journal open.</param>
    /// <param name="options">Validated here.</param>
    /// <param name="logger">Batch failures and rejections; optional.</param>
    public BatchingJournalWriter(
        IJournal journal,
        BatchingJournalWriterOptions options,
        ILogger<BatchingJournalWriter>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _journal = journal;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _lanes = new Channel<LaneItem>[options.Parallelism];
        var running = new Task[options.Parallelism];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = Channel.CreateUnbounded<LaneItem>(new UnboundedChannelOptions { SingleReader = true });
            var reader = _lanes[i].Reader;
            running[i] = Task.Run(() => RunLaneAsync(reader));
        }

        _drained = Task.WhenAll(running);
    }

    /// <summary>
    /// Queues a write; the task completes when it is committed, or faults with the journal's
    /// rejection (<see cref="JournalConcurrencyException"/> for a duplicate), the storage exception
    /// (outcome unknown) or <see cref="JournalQueueFullException"/> (not attempted).
    /// Cancelling before the write joins a batch drops it; after that it is reported regardless.
    /// </summary>
    public Task WriteAsync(AtomicWrite write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled(ct);
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException(new ObjectDisposedException(nameof(BatchingJournalWriter)));
        }

        if (Interlocked.Increment(ref _pending) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _pending);
            PersistenceMetrics.QueueFull.Add(1);
            LogQueueFull(_logger, write.PersistenceId, write.LowestSequenceNr, _options.QueueCapacity);
            return Task.FromException(new JournalQueueFullException(_options.QueueCapacity));
        }

        var request = new WriteRequest(write, ct);
        if (!LaneOf(write.PersistenceId).Writer.TryWrite(request))
        {
            // Disposal completed the lanes between the check above and here.
            Interlocked.Decrement(ref _pending);
            return Task.FromException(new ObjectDisposedException(nameof(BatchingJournalWriter)));
        }

        return request.Completion.Task;
    }

    /// <summary>Writes queued and not yet committed; new writes are refused at <see cref="QueueCapacity"/>.</summary>
    public int Pending => Volatile.Read(ref _pending);

    public int QueueCapacity => _options.QueueCapacity;

    /// <summary>Completes when every write queued before the call has been committed or failed.</summary>
    public Task FlushAsync()
    {
        var markers = new List<Task>(_lanes.Length);
        foreach (var lane in _lanes)
        {
            var marker = new FlushMarker();
            if (!lane.Writer.TryWrite(marker))
            {
                // Disposing: the lane drains everything before it stops.
                return _drained;
            }

            markers.Add(marker.Completion.Task);
        }

        return Task.WhenAll(markers);
    }

    /// <summary>Refuses new writes, commits everything queued (coordinated shutdown), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var lane in _lanes)
            {
                lane.Writer.TryComplete();
            }
        }

        await _drained.ConfigureAwait(false);
    }

    private Channel<LaneItem> LaneOf(string persistenceId) =>
        _lanes[(uint)StringComparer.Ordinal.GetHashCode(persistenceId) % (uint)_lanes.Length];

    private async Task RunLaneAsync(ChannelReader<LaneItem> reader)
    {
        var batch = new List<WriteRequest>(_options.MaxBatchRows);
        WriteRequest? carried = null;
        while (carried is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var rows = 0;
            FlushMarker? flush = null;
            while (true)
            {
                WriteRequest request;
                if (carried is not null)
                {
                    request = carried;
                    carried = null;
                }
                else if (!reader.TryRead(out var item))
                {
                    break;
                }
                else if (item is FlushMarker marker)
                {
                    // Everything queued before the marker is in this batch or already written.
                    flush = marker;
                    break;
                }
                else
                {
                    request = (WriteRequest)item;
                }

                if (request.CancellationToken.IsCancellationRequested)
                {
                    request.Completion.TrySetCanceled(request.CancellationToken);
                    Interlocked.Decrement(ref _pending);
                    continue;
                }

                var size = request.Write.Events.Count;
                if (batch.Count > 0 && rows + size > _options.MaxBatchRows)
                {
                    carried = request;
                    break;
                }

                batch.Add(request);
                rows += size;
            }

            if (batch.Count > 0)
            {
                await WriteBatchAsync(batch, rows).ConfigureAwait(false);
            }

            flush?.Completion.TrySetResult();
        }
    }

    private async Task WriteBatchAsync(List<WriteRequest> batch, int rows)
    {
        try
        {
            var writes = new AtomicWrite[batch.Count];
            for (var i = 0; i < writes.Length; i++)
            {
                writes[i] = batch[i].Write;
            }

            PersistenceMetrics.Batches.Add(1);
            IReadOnlyList<Exception?> results;
            try
            {
                results = await WriteTimedAsync(writes).ConfigureAwait(false);
                if (results.Count != writes.Length)
                {
                    throw new InvalidOperationException(
                        $"The journal returned {results.Count} results for {writes.Length} writes.");
                }
            }
            catch (Exception e)
            {
                PersistenceMetrics.BatchesFailed.Add(1);
                LogBatchFailed(_logger, e, batch.Count, rows);
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(e);
                }

                return;
            }

            long written = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                var request = batch[i];
                if (results[i] is { } rejection)
                {
                    PersistenceMetrics.WritesRejected.Add(1);
                    LogWriteRejected(_logger, rejection, request.Write.PersistenceId, request.Write.LowestSequenceNr);
                    request.Completion.TrySetException(rejection);
                }
                else
                {
                    written += request.Write.Events.Count;
                    request.Completion.TrySetResult();
                }
            }

            PersistenceMetrics.RowsWritten.Add(written);
        }
        finally
        {
            Interlocked.Add(ref _pending, -batch.Count);
        }
    }

    private async Task<IReadOnlyList<Exception?>> WriteTimedAsync(AtomicWrite[] writes)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _journal.WriteAsync(writes, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            PersistenceMetrics.WriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Journal batch of {Writes} writes ({Rows} rows) failed; outcome unknown")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int writes, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal rejected the write of {PersistenceId} from sequence number {SequenceNr}")]
    private static partial void LogWriteRejected(ILogger logger, Exception exception, string persistenceId, long sequenceNr);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Journal write queue full ({Capacity}): refused the write of {PersistenceId} from sequence number {SequenceNr}")]
    private static partial void LogQueueFull(ILogger logger, string persistenceId, long sequenceNr, int capacity);

    private abstract class LaneItem;

    private sealed class WriteRequest(AtomicWrite write, CancellationToken ct) : LaneItem
    {
        public AtomicWrite Write { get; } = write;

        public CancellationToken CancellationToken { get; } = ct;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class FlushMarker : LaneItem
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
