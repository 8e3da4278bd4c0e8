using CallActors.Actors;
using CallActors.Actors.Internal;
using CallActors.Persistence.Journal;
using CallActors.Persistence.Snapshots;

namespace CallActors.Persistence;

/// <summary>
/// An event-sourced actor (Akka's ReceivePersistentActor): commands are handled by <c>Command</c>
/// handlers, which <c>Persist</c> events; an event's handler runs once the event is committed, and
/// commands that arrive meanwhile wait. On start (and restart) the actor first replays its snapshot
/// and events through its <c>Recover</c> handlers, then receives <see cref="RecoveryCompleted"/>.
/// A failed write stops the actor: it never goes on from state it did not save.
/// </summary>
public abstract class PersistentActor : ActorBase
{
    private HandlerTable _building;
    private readonly HandlerTable _commands;
    private readonly HandlerTable _recovery = new();
    private readonly List<Envelope> _held = []; // commands held back during recovery or a write
    private readonly List<PendingEvent> _unflushed = []; // persisted by the running handler, not yet sent
    private Queue<PendingEvent>? _inFlight; // sent to the journal, handlers not yet run
    private int _blockingInFlight; // of those, the ones persisted with Persist/PersistAll (they hold commands back)
    private object? _recoveryToken;
    private PersistenceExtension? _persistence;

    protected PersistentActor()
    {
        _commands = new HandlerTable();
        _building = _commands;
    }

    /// <summary>Stable and unique per entity, e.g. <c>call-{callId}</c>.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event applied (replayed or persisted).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number of the snapshot recovery started from (0 if none).</summary>
    public long SnapshotSequenceNr { get; private set; }

    public bool IsRecovering => _recoveryToken is not null;

    /// <summary>Which snapshot and events to recover from; override to skip or limit recovery.</summary>
    protected virtual Recovery Recovery => Recovery.Default;

    private PersistenceExtension Plugin => _persistence ??= PersistenceExtension.Get(Context.System);

    // ---- handler registration ----

    protected void Command<T>(Action<T> handler) => _building.Add(new SyncHandler<T>(handler, null));

    protected void Command<T>(Predicate<T> shouldHandle, Action<T> handler) => _building.Add(new SyncHandler<T>(handler, shouldHandle));

    protected void CommandAny(Action<object> handler) => _building.Add(new SyncHandler<object>(handler, null));

    protected void Recover<T>(Action<T> handler) => _recovery.Add(new SyncHandler<T>(handler, null));

    protected void RecoverAny(Action<object> handler) => _recovery.Add(new SyncHandler<object>(handler, null));

    /// <summary>Replaces the command handlers with those <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(HandlerTable.Collect(ref _building, configure).Handle);

    // ---- persisting ----

    /// <summary>Stores <paramref name="event"/>; <paramref name="handler"/> runs after it is committed, before any later command.</summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        Stage(@event, () => handler(@event), blocksCommands: true);
    }

    /// <summary>Stores <paramref name="event"/> without holding later commands back (Akka's PersistAsync): the actor goes
    /// on handling commands while the write is in flight; <paramref name="handler"/> still runs after the commit, in the
    /// order events were persisted. For records whose loss in a crash costs nothing the actor acted on (a trace).</summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        Stage(@event, () => handler(@event), blocksCommands: false);
    }

    /// <summary>Stores the events atomically (all or none); <paramref name="handler"/> runs for each, in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        foreach (var @event in events)
        {
            Stage(@event, () => handler(@event), blocksCommands: true);
        }
    }

    /// <summary>Stores a snapshot of the state at <see cref="LastSequenceNr"/>; the actor is told <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.TimeProvider.GetUtcNow());
        var (manifest, payload) = Plugin.Serializer.Serialize(snapshot);
        var self = Self;
        Plugin.Snapshots.SaveAsync(new StoredSnapshot(metadata, manifest, payload)).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? new SaveSnapshotSuccess(metadata) : new SaveSnapshotFailure(metadata, Unwrap(t)), self),
            TaskScheduler.Default);
    }

    /// <summary>Deletes events up to <paramref name="toSequenceNr"/> (they are no longer replayed; numbers are never reused).</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var self = Self;
        Plugin.Journal.DeleteMessagesToAsync(PersistenceId, toSequenceNr).ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? new DeleteMessagesSuccess(toSequenceNr) : new DeleteMessagesFailure(Unwrap(t), toSequenceNr), self),
            TaskScheduler.Default);
    }

    /// <summary>Deletes the snapshots the criteria select.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        _ = Plugin.Snapshots.DeleteAsync(PersistenceId, criteria);
    }

    /// <summary>The write failed or its outcome is unknown: logs with the persistence id and stops the actor.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Plugin.Log.PersistFailed(PersistenceId, sequenceNr, @event.GetType().Name, cause);
        Context.Stop(Self);
    }

    /// <summary>The event could not be serialized: it is not stored and its handler does not run; the actor goes on.</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Plugin.Log.PersistRejected(PersistenceId, sequenceNr, @event.GetType().Name, cause);

    /// <summary>Recovery failed (storage error or a recovery handler threw): logs and stops the actor.</summary>
    protected virtual void OnRecoveryFailure(Exception cause)
    {
        Plugin.Log.RecoveryFailed(PersistenceId, cause);
        Context.Stop(Self);
    }

    // ---- kernel hooks ----

    protected internal sealed override bool Receive(object message) => _commands.Handle(message);

    internal override void AroundPreStart()
    {
        StartRecovery();
        base.AroundPreStart();
    }

    internal override void AroundPreRestart(Exception reason, object? message)
    {
        // The failed instance gives the commands it held back to the new one, in order
        // (AroundPostRestart already runs on the new instance, whose list is empty).
        Cell.PrependToMailbox(_held);
        _held.Clear();
        base.AroundPreRestart(reason, message);
    }

    internal override void AroundPostRestart(Exception reason)
    {
        StartRecovery();
        base.AroundPostRestart(reason);
    }

    internal override void AroundPostStop()
    {
        // Held commands are not lost silently: they reach dead letters with the rest of the mailbox.
        Cell.PrependToMailbox(_held);
        _held.Clear();
        base.AroundPostStop();
    }

    protected internal sealed override bool AroundReceive(Receive receive, object message)
    {
        switch (message)
        {
            case RecoveryStep step:
                if (ReferenceEquals(step.Token, _recoveryToken))
                {
                    HandleRecoveryStep(step);
                }

                return true;
            case WriteCompleted completed:
                HandleWriteCompleted(completed);
                return true;
        }

        if (IsRecovering || _blockingInFlight > 0)
        {
            _held.Add(Cell.CurrentEnvelope);
            return true;
        }

        var handled = receive(message);
        Flush();
        return handled;
    }

    // ---- recovery ----

    private void StartRecovery()
    {
        var token = new object();
        _recoveryToken = token;
        _inFlight = null;
        _blockingInFlight = 0;
        _unflushed.Clear();
        LastSequenceNr = 0;
        SnapshotSequenceNr = 0;
        var plugin = Plugin;
        var recovery = Recovery;
        var self = Self;
        var persistenceId = PersistenceId;
        _ = Task.Run(() => ReplayAsync(plugin, recovery, persistenceId, self, token));
    }

    /// <summary>Reads snapshot and events off the actor's thread and hands them over in chunks.</summary>
    private static async Task ReplayAsync(PersistenceExtension plugin, Recovery recovery, string persistenceId, IActorRef self, object token)
    {
        await plugin.RecoveryPermits.WaitAsync().ConfigureAwait(false);
        try
        {
            long from = 1;
            if (recovery.FromSnapshot.MaxSequenceNr > 0)
            {
                var criteria = recovery.FromSnapshot with { MaxSequenceNr = Math.Min(recovery.FromSnapshot.MaxSequenceNr, recovery.ToSequenceNr) };
                var stored = await plugin.Snapshots.LoadAsync(persistenceId, criteria).ConfigureAwait(false);
                if (stored is not null)
                {
                    var snapshot = plugin.Serializer.Deserialize(stored.Manifest, stored.Payload.Span);
                    self.Tell(new RecoveryStep(token, new SnapshotOffer(stored.Metadata, snapshot), [], null, null), self);
                    from = stored.Metadata.SequenceNr + 1;
                }
            }

            if (recovery.ToSequenceNr > 0)
            {
                var chunk = new List<(long, object)>(plugin.Options.ReplayChunkSize);
                await foreach (var stored in plugin.Journal.ReplayAsync(persistenceId, from, recovery.ToSequenceNr).ConfigureAwait(false))
                {
                    chunk.Add((stored.SequenceNr, plugin.Serializer.Deserialize(stored.Manifest, stored.Payload.Span)));
                    if (chunk.Count == plugin.Options.ReplayChunkSize)
                    {
                        self.Tell(new RecoveryStep(token, null, chunk, null, null), self);
                        chunk = new List<(long, object)>(plugin.Options.ReplayChunkSize);
                    }
                }

                if (chunk.Count > 0)
                {
                    self.Tell(new RecoveryStep(token, null, chunk, null, null), self);
                }
            }

            // Sequence numbers continue after everything stored, deleted or not replayed included.
            var highest = await plugin.Journal.ReadHighestSequenceNrAsync(persistenceId, 0).ConfigureAwait(false);
            self.Tell(new RecoveryStep(token, null, [], highest, null), self);
        }
        catch (Exception ex)
        {
            self.Tell(new RecoveryStep(token, null, [], null, ex), self);
        }
        finally
        {
            plugin.RecoveryPermits.Release();
        }
    }

    private void HandleRecoveryStep(RecoveryStep step)
    {
        try
        {
            if (step.Failure is not null)
            {
                throw step.Failure;
            }

            if (step.Snapshot is not null)
            {
                LastSequenceNr = SnapshotSequenceNr = step.Snapshot.Metadata.SequenceNr;
                _recovery.Handle(step.Snapshot);
            }

            foreach (var (sequenceNr, @event) in step.Events)
            {
                LastSequenceNr = sequenceNr;
                _recovery.Handle(@event);
            }

            if (step.HighestSequenceNr is { } highest)
            {
                LastSequenceNr = Math.Max(LastSequenceNr, highest);
                _recoveryToken = null;
                _recovery.Handle(RecoveryCompleted.Instance);
                Flush(); // RecoveryCompleted may persist
                ReleaseHeldIfIdle();
            }
        }
        catch (Exception ex)
        {
            _recoveryToken = null;
            OnRecoveryFailure(ex);
        }
    }

    // ---- writing ----

    private void Stage(object @event, Action handler, bool blocksCommands)
    {
        if (IsRecovering)
        {
            throw new InvalidOperationException($"{PersistenceId}: Persist cannot be called during recovery");
        }

        var sequenceNr = LastSequenceNr + _unflushed.Count + (_inFlight?.Count ?? 0) + 1;
        var (payload, tags) = @event is Tagged tagged ? (tagged.Payload, tagged.Tags) : (@event, (IReadOnlyList<string>)[]);
        try
        {
            var (manifest, bytes) = Plugin.Serializer.Serialize(payload);
            var representation = new PersistentRepresentation(PersistenceId, sequenceNr, manifest, bytes, Plugin.WriterUuid, Context.System.TimeProvider.GetUtcNow(), tags);
            _unflushed.Add(new PendingEvent(payload, representation, handler, Sender, blocksCommands));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            OnPersistRejected(ex, payload, sequenceNr);
        }
    }

    /// <summary>Sends what the last handler persisted as one atomic write.</summary>
    private void Flush()
    {
        if (_unflushed.Count == 0)
        {
            return;
        }

        var batch = _unflushed.ToArray();
        _unflushed.Clear();
        _inFlight ??= new Queue<PendingEvent>();
        foreach (var pending in batch)
        {
            _inFlight.Enqueue(pending);
            if (pending.BlocksCommands)
            {
                _blockingInFlight++;
            }
        }

        var write = new AtomicWrite(batch.Select(p => p.Representation).ToArray());
        var self = Self;
        Plugin.Writer.WriteAsync(write).ContinueWith(
            static (t, state) =>
            {
                var (target, instance, count) = ((IActorRef, PersistentActor, int))state!;
                target.Tell(new WriteCompleted(instance, count, t.IsCompletedSuccessfully ? null : Unwrap(t)), target);
            },
            (self, this, batch.Length),
            TaskScheduler.Default);
    }

    private void HandleWriteCompleted(WriteCompleted completed)
    {
        if (!ReferenceEquals(completed.Instance, this) || _inFlight is null || _inFlight.Count < completed.Count)
        {
            return; // a write of the instance before a restart: its outcome says nothing about this one's writes
        }

        if (completed.Failure is not null)
        {
            var first = _inFlight.Peek();
            _inFlight.Clear();
            _blockingInFlight = 0;
            OnPersistFailure(completed.Failure, first.Event, first.Representation.SequenceNr);
            return;
        }

        for (var i = 0; i < completed.Count; i++)
        {
            var pending = _inFlight.Dequeue();
            if (pending.BlocksCommands)
            {
                _blockingInFlight--;
            }
            LastSequenceNr = pending.Representation.SequenceNr;
            Cell.OverrideCurrentSender(pending.Sender);
            pending.Handler();
        }

        Flush(); // handlers may persist again
        ReleaseHeldIfIdle();
    }

    private void ReleaseHeldIfIdle()
    {
        if (!IsRecovering && _blockingInFlight == 0 && _held.Count > 0)
        {
            Cell.PrependToMailbox(_held);
            _held.Clear();
        }
    }

    private static Exception Unwrap(Task task) =>
        task.Exception?.InnerException ?? new TaskCanceledException(task);

    private sealed record PendingEvent(object Event, PersistentRepresentation Representation, Action Handler, IActorRef Sender, bool BlocksCommands);

    private sealed record WriteCompleted(PersistentActor Instance, int Count, Exception? Failure) : INotInfluenceReceiveTimeout;

    private sealed record RecoveryStep(object Token, SnapshotOffer? Snapshot, IReadOnlyList<(long SequenceNr, object Event)> Events, long? HighestSequenceNr, Exception? Failure)
        : INotInfluenceReceiveTimeout;
}
