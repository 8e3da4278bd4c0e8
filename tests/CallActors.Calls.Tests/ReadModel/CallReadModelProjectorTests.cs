using System.Runtime.CompilerServices;
using System.Text;
using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Serialization;
using CallActors.Persistence.Sqlite;
using CallActors.TestKit;
using Microsoft.Extensions.Logging;
using static CallActors.Calls.Tests.ReadModel.SampleCalls;

namespace CallActors.Calls.Tests.ReadModel;

/// <summary>The projector tailing a real SQLite journal into a real read model file: calls' events become their
/// summaries, passes resume where the last one stopped, a new file rebuilds the same rows, and events it cannot read
/// are skipped without stopping it.</summary>
public sealed class CallReadModelProjectorTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly EventSerializer _serializer = new EventSerializer().RegisterAssemblies(typeof(CallActor).Assembly);
    private readonly ListLogger<CallReadModelProjector> _log = new();
    private readonly Dictionary<string, long> _sequenceNrs = [];
    private SqliteJournal _journal = null!;

    public async Task InitializeAsync()
    {
        _journal = new SqliteJournal(new SqliteJournalOptions { Path = _folder.File("journal.db") });
        await _journal.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1000)]
    public async Task Catching_up_folds_every_calls_events_into_its_summary_whatever_the_batch_size(int batchSize)
    {
        var written = await WriteThreeCallsAsync();
        await using var store = await OpenStoreAsync("calls.db");
        var projector = Projector(store, batchSize);

        Assert.Equal(written.CallEvents, await projector.CatchUpAsync());

        Assert.Equal(written.LastOrdering, projector.Offset);
        Assert.Equal(written.LastOrdering, await store.ReadOffsetAsync());
        Assert.Equal(3, await store.CountAsync());

        var answered = (await store.FindAsync("answered@test"))!;
        Assert.Equal("completed", answered.Status);
        Assert.Equal("callee", answered.HangupSource);
        Assert.Equal(200, answered.SipCode);
        Assert.Equal(2000, answered.PddMs);
        Assert.Equal(At(10), answered.AnsweredAt);
        Assert.Equal(At(70), answered.EndedAt);
        Assert.Equal(7, answered.DialogueMessages);
        Assert.Equal(4.1, answered.CallerMos);
        Assert.Equal(3.2, answered.CalleeMos);
        Assert.Equal(At(70.004), answered.UpdatedAt);
        Assert.Equal("answered@test", (await store.FindAsync("answered@test-b"))!.CallId);

        var busy = (await store.FindAsync("busy@test"))!;
        Assert.Equal("busy", busy.Status);
        Assert.Equal(486, busy.SipCode);
        Assert.Equal("USER_BUSY", busy.HangupCause);
        Assert.Equal(2, busy.DialogueMessages);
        Assert.Null(busy.CallerMos);

        var ringing = (await store.FindAsync("ringing@test"))!;
        Assert.Equal("ringing", ringing.Status);
        Assert.Null(ringing.AccountId);
        Assert.Equal("example.org", ringing.Realm);
        Assert.Equal("+15551234", ringing.FromUser);

        // Each summary is what folding its events one by one gives, whatever batches they came in.
        foreach (var (callId, expected) in written.Expected)
        {
            Assert.Equal(expected, await store.FindAsync(callId));
        }
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public async Task A_second_pass_applies_nothing_and_a_later_one_only_what_was_written_since()
    {
        var written = await WriteThreeCallsAsync();
        await using var store = await OpenStoreAsync("calls.db");
        var projector = Projector(store);
        await projector.CatchUpAsync();

        Assert.Equal(0, await projector.CatchUpAsync());
        Assert.Equal(written.LastOrdering, projector.Offset);

        await WriteAsync("ringing@test", Messages("ringing@test", 1), At(20));
        await WriteAsync("ringing@test", Ended(CallStatus.Cancelled, 487, SipHangupCauses.OriginatorCancel, HangupSource.Caller, ended: 21), At(21));

        Assert.Equal(2, await projector.CatchUpAsync());
        var ringing = (await store.FindAsync("ringing@test"))!;
        Assert.Equal("cancelled", ringing.Status);
        Assert.Equal("caller", ringing.HangupSource);
        Assert.Equal(3, ringing.DialogueMessages);
        Assert.Equal(written.LastOrdering + 2, projector.Offset);
        // The other calls were not touched.
        Assert.Equal(written.Expected["busy@test"], await store.FindAsync("busy@test"));
    }

    [Fact]
    public async Task A_new_store_file_caught_up_from_offset_0_rebuilds_the_same_rows()
    {
        await WriteThreeCallsAsync();
        await using var first = await OpenStoreAsync("calls.db");
        await Projector(first, batchSize: 5).CatchUpAsync();

        await using var rebuilt = await OpenStoreAsync("rebuilt.db");
        var projector = Projector(rebuilt, batchSize: 1000);
        Assert.Equal(0, await rebuilt.ReadOffsetAsync());
        await projector.CatchUpAsync();

        var everything = new CallQuery(["acct-1", "acct-2"], ["example.org"], null, null, null, null, null, null, false, 1000, null);
        var before = (await first.ListAsync(everything)).Items;
        Assert.Equal(3, before.Count);
        Assert.Equal(before, (await rebuilt.ListAsync(everything)).Items);
        Assert.Equal(await first.ReadOffsetAsync(), await rebuilt.ReadOffsetAsync());
    }

    [Fact]
    public async Task Events_it_cannot_read_are_skipped_with_one_log_line_each_and_the_calls_go_on()
    {
        await WriteAsync("odd@test", Started("odd@test"), At(0));
        await WriteRawAsync("call-odd@test", "call-transferred", "{\"to\":\"sip:3000@example.com\"}"u8.ToArray(), At(1));
        await WriteRawAsync("call-odd@test", "call-ringing", "{ not json"u8.ToArray(), At(2));
        // JSON that decodes but lacks the status the projection needs.
        await WriteRawAsync("call-odd@test", "call-answered", "{}"u8.ToArray(), At(2.5));
        // A start whose call id is not the persistence id's would be a row the call's later events never reach.
        await WriteAsync("stray@test", Started("someone-else@test"), At(3));
        // Other actors' events are passed over before decoding: no log line for an unknown manifest there.
        await WriteRawAsync("ledger-1", "ledger-entry", "{}"u8.ToArray(), At(4));
        await WriteRawAsync("calls-directory", "directory-changed", "{}"u8.ToArray(), At(5));
        await WriteAsync("odd@test", Answered(), At(10));
        await using var store = await OpenStoreAsync("calls.db");
        var projector = Projector(store);

        Assert.Equal(2, await projector.CatchUpAsync());

        Assert.Equal(8, projector.Offset);
        Assert.Equal("ongoing", (await store.FindAsync("odd@test"))!.Status);
        Assert.Null(await store.FindAsync("someone-else@test"));
        Assert.Equal(1, await store.CountAsync());
        var lines = _log.Lines;
        Assert.Equal(4, lines.Count);
        Assert.All(lines, line => Assert.Equal(LogLevel.Warning, line.Level));
        Assert.Equal(
            [
                "Call odd@test: journal event 2 (call-transferred) skipped",
                "Call odd@test: journal event 3 (call-ringing) skipped",
                "Call odd@test: journal event 4 (call-answered) skipped",
                "Call stray@test: journal event 5 (call-started) skipped",
            ],
            lines.Select(line => line.Text[..line.Text.IndexOf(" by the calls read model", StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.Equal(0, await projector.CatchUpAsync());
        Assert.Equal(4, _log.Lines.Count);
    }

    [Fact]
    public async Task Running_it_catches_up_at_once_when_nudged_and_stops_quietly_when_cancelled()
    {
        await WriteAsync("live@test", Started("live@test"), At(0));
        await using var store = await OpenStoreAsync("calls.db");
        var projector = Projector(store);
        using var stop = new CancellationTokenSource();

        // An hour between polls: only the first pass and the nudge can bring the changes in before the test times out.
        var running = projector.RunAsync(TimeSpan.FromHours(1), stop.Token);
        await Poll.UntilAsync(() => projector.Offset == 1, "the first pass");
        await WriteAsync("live@test", Ringing(), At(2));
        projector.Nudge();
        await Poll.UntilAsync(() => projector.Offset == 2, "the nudged pass");
        Assert.Equal("ringing", (await store.FindAsync("live@test"))!.Status);

        await stop.CancelAsync();
        await running;
        Assert.True(running.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_failing_pass_is_logged_and_the_loop_tries_again()
    {
        await WriteAsync("retry@test", Started("retry@test"), At(0));
        await using var store = await OpenStoreAsync("calls.db");
        var journal = new FailingJournal(_journal) { Failing = true };
        var projector = new CallReadModelProjector(journal, _serializer, store, _log);
        using var stop = new CancellationTokenSource();

        var running = projector.RunAsync(TimeSpan.FromHours(1), stop.Token);
        await Poll.UntilAsync(() => _log.Lines.Count == 1, "the failure's log line");
        Assert.Equal(LogLevel.Error, _log.Lines[0].Level);
        Assert.Contains("catching up from journal ordering 0 failed", _log.Lines[0].Text, StringComparison.Ordinal);
        Assert.False(running.IsCompleted);

        journal.Failing = false;
        projector.Nudge();
        await Poll.UntilAsync(() => projector.Offset == 1, "the pass after the journal came back");
        Assert.Equal(1, await store.CountAsync());

        await stop.CancelAsync();
        await running;
    }

    /// <summary>Three calls with their events interleaved as a busy node writes them: one answered, sampled and hung up
    /// by the callee; one busy; one (without an account, caller on a tel: URI) still ringing.</summary>
    private async Task<(int CallEvents, long LastOrdering, Dictionary<string, CallSummary> Expected)> WriteThreeCallsAsync()
    {
        var events = new (string CallId, object Event, DateTimeOffset At)[]
        {
            ("answered@test", Started("answered@test"), At(0)),
            ("busy@test", Started("busy@test", accountId: "acct-2", createdAt: At(1)), At(1)),
            ("answered@test", Messages("answered@test", 3), At(1.05)),
            ("answered@test", Ringing(at: 2), At(2)),
            ("ringing@test", Started("ringing@test", accountId: null, requestUri: "sip:2000@Example.ORG", from: "<tel:+15551234>", createdAt: At(3)), At(3)),
            ("busy@test", Messages("busy@test", 2), At(3.5)),
            ("busy@test", Ended(CallStatus.Busy, 486, SipHangupCauses.UserBusy, HangupSource.Callee, ended: 4), At(4)),
            ("ringing@test", Messages("ringing@test", 2), At(4.2)),
            ("ringing@test", Ringing(at: 5), At(5)),
            ("answered@test", Answered(ringing: 2, answered: 10), At(10)),
            ("answered@test", Messages("answered@test", 4), At(10.05)),
            ("answered@test", MediaSample(at: 15, callerMos: 4.41, calleeMos: 4.41), At(15)),
            ("answered@test", MediaSample(at: 70, callerMos: 4.1, calleeMos: 3.2, final: true), At(70.002)),
            ("answered@test", Completed(ringing: 2, answered: 10, ended: 70, source: HangupSource.Callee), At(70.004)),
        };
        var expected = new Dictionary<string, CallSummary>(StringComparer.Ordinal);
        foreach (var (callId, @event, at) in events)
        {
            await WriteAsync(callId, @event, at);
            if (CallSummaryProjection.Apply(expected.GetValueOrDefault(callId), @event, at) is { } summary)
            {
                expected[callId] = summary;
            }
        }
        return (events.Length, events.Length, expected);
    }

    private CallReadModelProjector Projector(CallReadModelStore store, int batchSize = 1000) =>
        new(_journal, _serializer, store, _log, batchSize);

    private Task<CallReadModelStore> OpenStoreAsync(string name) => CallReadModelStore.OpenAsync(_folder.File(name));

    private Task WriteAsync(string callId, object @event, DateTimeOffset at)
    {
        var (manifest, payload) = _serializer.Serialize(@event);
        return WriteRawAsync(CallActor.PersistenceIdFor(callId), manifest, payload, at);
    }

    private async Task WriteRawAsync(string persistenceId, string manifest, byte[] payload, DateTimeOffset at)
    {
        var sequenceNr = _sequenceNrs[persistenceId] = _sequenceNrs.GetValueOrDefault(persistenceId) + 1;
        var results = await _journal.WriteAsync(
            [new AtomicWrite(new PersistentRepresentation(persistenceId, sequenceNr, manifest, payload, "test-writer", at, []))]);
        Assert.Null(results[0]);
    }

    /// <summary>A journal whose reads fail while <see cref="Failing"/> is set, as one does while its disk is gone.</summary>
    private sealed class FailingJournal(IJournal inner) : IJournal
    {
        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public Task InitializeAsync(CancellationToken ct = default) => inner.InitializeAsync(ct);

        public Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken ct = default) =>
            inner.WriteAsync(writes, ct);

        public IAsyncEnumerable<PersistentRepresentation> ReplayAsync(
            string persistenceId, long fromSequenceNr, long toSequenceNr, long max = long.MaxValue, CancellationToken ct = default) =>
            inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, ct);

        public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken ct = default) =>
            inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, ct);

        public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken ct = default) =>
            inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, ct);

        public async IAsyncEnumerable<PersistentRepresentation> ReadAllAsync(
            long afterOrdering, int max, string? tag = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            if (Failing)
            {
                throw new JournalStorageException("SQLite database 'journal.db': disk I/O error");
            }
            await foreach (var stored in inner.ReadAllAsync(afterOrdering, max, tag, ct))
            {
                yield return stored;
            }
        }

        public IAsyncEnumerable<string> ReadPersistenceIdsAsync(CancellationToken ct = default) => inner.ReadPersistenceIdsAsync(ct);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
