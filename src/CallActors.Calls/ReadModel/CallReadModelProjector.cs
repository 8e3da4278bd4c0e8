using System.Text.Json;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls.ReadModel;

/// <summary>
/// Keeps the calls read model (<see cref="CallReadModelStore"/>) up to date by tailing the journal: it reads the
/// events after the store's offset, folds the calls' events into their summaries with
/// <see cref="CallSummaryProjection"/>, and stores the summaries and the new offset in one transaction. The store is a
/// rebuildable cache: delete its file and a projector starting from offset 0 rebuilds every row from the journal.
/// </summary>
/// <remarks>
/// One projector per store, and one pass at a time (a second pass over the same events would count them twice).
/// The offset is the journal's global ordering, which is exact on the SQLite journal this runs on today. On PostgreSQL
/// concurrent transactions can commit a lower ordering after a higher one became visible (see
/// <see cref="IJournal.ReadAllAsync"/>), so a poller this close to the head could skip a late event for good; using
/// this projector on the cluster journal needs a re-read window first.
/// </remarks>
public sealed partial class CallReadModelProjector
{
    private const string PersistenceIdPrefix = "call-";

    private readonly IJournal _journal;
    private readonly EventSerializer _serializer;
    private readonly CallReadModelStore _store;
    private readonly ILogger<CallReadModelProjector> _logger;
    private readonly int _batchSize;
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private int _nudged;
    private long _offset;

    /// <param name="journal">The journal to tail (shared, not owned).</param>
    /// <param name="serializer">Decodes the events; it must know the call events' manifests.</param>
    /// <param name="store">The read model it writes (not owned).</param>
    /// <param name="logger">Where skipped events and failed passes are reported.</param>
    /// <param name="batchSize">Events per read and per store transaction.</param>
    public CallReadModelProjector(
        IJournal journal,
        EventSerializer serializer,
        CallReadModelStore store,
        ILogger<CallReadModelProjector> logger,
        int batchSize = 1000)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _journal = journal;
        _serializer = serializer;
        _store = store;
        _logger = logger;
        _batchSize = batchSize;
    }

    /// <summary>The journal ordering the store reflects after the latest pass (0 before the first).</summary>
    public long Offset => Interlocked.Read(ref _offset);

    /// <summary>Applies every event after the stored offset, a batch at a time (events of persistence ids other than
    /// <c>call-…</c> are passed over, undecodable ones skipped with a log line), until it reaches the journal's head.</summary>
    /// <returns>How many call events were applied.</returns>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        await _pass.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var offset = await _store.ReadOffsetAsync(ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _offset, offset);
            var applied = 0;
            var batch = new List<PersistentRepresentation>(Math.Min(_batchSize, 4096));
            while (true)
            {
                batch.Clear();
                await foreach (var stored in _journal.ReadAllAsync(offset, _batchSize, tag: null, ct).ConfigureAwait(false))
                {
                    batch.Add(stored);
                }
                if (batch.Count == 0)
                {
                    return applied;
                }
                var (summaries, events) = await ProjectAsync(batch, ct).ConfigureAwait(false);
                offset = batch[^1].Ordering;
                await _store.ApplyAsync(summaries, offset, ct).ConfigureAwait(false);
                Interlocked.Exchange(ref _offset, offset);
                applied += events;
                if (batch.Count < _batchSize)
                {
                    return applied;
                }
            }
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Catches up every <paramref name="pollInterval"/>, or at once after <see cref="Nudge"/>, until
    /// <paramref name="ct"/> is cancelled. A failed pass (journal or store unavailable) is logged and tried again next
    /// round; nothing but the cancellation ends the loop.</summary>
    public async Task RunAsync(TimeSpan pollInterval, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        while (!ct.IsCancellationRequested)
        {
            Volatile.Write(ref _nudged, 0);
            try
            {
                await CatchUpAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogPassFailed(_logger, Offset, pollInterval.TotalSeconds, e);
            }
            try
            {
                await _wake.WaitAsync(pollInterval, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Asks <see cref="RunAsync"/> for a pass now rather than at the next poll (e.g. after calls ended).</summary>
    public void Nudge()
    {
        // Nudges during a pass collapse into one more pass.
        if (Interlocked.Exchange(ref _nudged, 1) == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Folds one batch into the summaries it touches: the current ones are loaded once, every event applied
    /// in journal order, and each changed summary returned once.</summary>
    private async Task<(IReadOnlyCollection<CallSummary> Summaries, int Events)> ProjectAsync(
        List<PersistentRepresentation> batch, CancellationToken ct)
    {
        var events = new List<(string CallId, long Ordering, string Manifest, object Event, DateTimeOffset At)>(batch.Count);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in batch)
        {
            if (!stored.PersistenceId.StartsWith(PersistenceIdPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var callId = stored.PersistenceId[PersistenceIdPrefix.Length..];
            if (Decode(stored, callId) is not { } @event)
            {
                continue;
            }
            touched.Add(callId);
            events.Add((callId, stored.Ordering, stored.Manifest, @event, stored.Timestamp));
        }

        var summaries = new Dictionary<string, CallSummary>(StringComparer.Ordinal);
        if (touched.Count > 0)
        {
            foreach (var (callId, summary) in await _store.GetManyAsync(touched, ct).ConfigureAwait(false))
            {
                summaries[callId] = summary;
            }
        }
        var changed = new Dictionary<string, CallSummary>(StringComparer.Ordinal);
        var applied = 0;
        foreach (var (callId, ordering, manifest, @event, at) in events)
        {
            var current = summaries.GetValueOrDefault(callId);
            CallSummary? next;
            try
            {
                next = CallSummaryProjection.Apply(current, @event, at);
            }
            catch (Exception e) when (e is NullReferenceException or ArgumentException)
            {
                // An event that decoded but lacks what the projection needs (a field an older writer did not write).
                LogEventSkipped(_logger, callId, ordering, manifest, e.Message);
                continue;
            }
            applied++;
            if (next is not null && !ReferenceEquals(next, current))
            {
                summaries[callId] = next;
                changed[callId] = next;
            }
        }
        return (changed.Values, applied);
    }

    private object? Decode(PersistentRepresentation stored, string callId)
    {
        object @event;
        try
        {
            @event = _serializer.Deserialize(stored.Manifest, stored.Payload.Span);
        }
        catch (Exception e) when (e is UnknownManifestException or JsonException or NotSupportedException)
        {
            LogEventSkipped(_logger, callId, stored.Ordering, stored.Manifest, e.Message);
            return null;
        }
        if (@event is CallStarted started && !string.Equals(started.CallId, callId, StringComparison.Ordinal))
        {
            // The row is keyed by the call id; one that disagrees with the persistence id would be a row nobody's later
            // events reach.
            LogEventSkipped(_logger, callId, stored.Ordering, stored.Manifest, $"its call id '{started.CallId}' is not the persistence id's");
            return null;
        }
        return @event;
    }

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Call {CallId}: journal event {Ordering} ({Manifest}) skipped by the calls read model: {Problem}")]
    private static partial void LogEventSkipped(ILogger logger, string callId, long ordering, string manifest, string problem);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "Calls read model: catching up from journal ordering {Offset} failed; trying again in {Seconds} s")]
    private static partial void LogPassFailed(ILogger logger, long offset, double seconds, Exception exception);
}
