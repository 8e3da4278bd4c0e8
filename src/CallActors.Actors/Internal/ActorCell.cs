using System.Collections.Concurrent;
using CallActors.Actors.Timers;

namespace CallActors.Actors.Internal;

/// <summary>
/// The runtime of one actor: its mailbox, its current instance and behaviour, and its place in the
/// hierarchy. A cell is scheduled on the thread pool only while it has work, handles at most
/// <c>throughput</c> user messages per turn, and never runs on two threads at once.
/// </summary>
internal sealed partial class ActorCell : IActorContext, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    [ThreadStatic]
    private static ActorCell? t_constructing;

    [ThreadStatic]
    private static ActorCell? t_current;

    private readonly ConcurrentQueue<Envelope> _mailbox = new();
    private readonly ConcurrentQueue<SystemMessage> _systemMailbox = new();
    private readonly int _throughput;
    private int _status;

    // Everything below is touched only on the actor's own turn.
    private readonly Stack<Receive> _behaviours = new();
    private LinkedList<Envelope>? _front; // messages put back by UnstashAll, ahead of the mailbox
    private ActorBase? _actor;
    private Envelope _current;
    private bool _suspended; // failed and waiting for the supervisor, or awaiting an async handler
    private Task? _pendingAsync;
    private Envelope _asyncMessage; // the message whose async handler is running
    private bool _terminating;
    private Exception? _pendingRecreate;
    private volatile bool _isTerminated;
    private TimerScheduler? _timers;
    private Stash? _stash;
    private readonly TaskCompletionSource _terminatedSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, ActorPath path)
    {
        System = system;
        Props = props;
        ParentCell = parent;
        Path = path;
        Self = new LocalActorRef(this);
        _throughput = props.Throughput > 0 ? props.Throughput : system.Options.Throughput;
        _systemMailbox.Enqueue(Create.Instance);
    }

    /// <summary>The cell whose actor is being constructed on this thread (read by ActorBase's constructor).</summary>
    internal static ActorCell? Constructing => t_constructing;

    /// <summary>The cell whose turn is running on this thread, if any.</summary>
    internal static ActorCell? Current => t_current;

    public ActorSystem System { get; }

    public Props Props { get; }

    public ActorCell? ParentCell { get; }

    public ActorPath Path { get; }

    public LocalActorRef Self { get; }

    IActorRef IActorContext.Self => Self;

    public IActorRef Sender => _current.Sender ?? ActorRefs.NoSender;

    public IActorRef Parent => (IActorRef?)ParentCell?.Self ?? ActorRefs.Nobody;

    public bool IsTerminated => _isTerminated;

    public Task WhenTerminated => _terminatedSignal.Task;

    internal object? CurrentMessage => _current.Message;

    internal ActorBase? Actor => _actor;

    // ---- entry points, callable from any thread ----

    public void Post(object message, IActorRef? sender)
    {
        if (_isTerminated)
        {
            System.PublishDeadLetter(message, sender, Self);
            return;
        }

        _mailbox.Enqueue(new Envelope(message, sender));
        ScheduleIfIdle();
    }

    public void SendSystem(SystemMessage message)
    {
        _systemMailbox.Enqueue(message);
        ScheduleIfIdle();
    }

    private void ScheduleIfIdle()
    {
        // Reading first avoids a contended CAS while the actor is already scheduled. Safe: the
        // enqueue before this read is a full fence, and a turn that ends swaps in Idle (also a full
        // fence) before it looks at the queues again, so one of the two sides sees the message.
        if (Volatile.Read(ref _status) == Idle && Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    // ---- the turn ----

    public void Execute()
    {
        var previous = t_current;
        t_current = this;
        try
        {
            ProcessSystemMessages();
            for (var i = 0; i < _throughput && CanProcessUserMessages; i++)
            {
                if (!TryDequeue(out var envelope))
                {
                    break;
                }

                Invoke(envelope);
                if (!_systemMailbox.IsEmpty)
                {
                    ProcessSystemMessages();
                }
            }

            if (_isTerminated)
            {
                DrainToDeadLetters();
            }
        }
        finally
        {
            t_current = previous;
        }

        // A full fence: a Post that saw Scheduled and did not schedule must be seen here.
        Interlocked.Exchange(ref _status, Idle);
        if (HasWork)
        {
            ScheduleIfIdle();
        }
    }

    private bool CanProcessUserMessages => !_suspended && !_terminating && !_isTerminated && _pendingRecreate is null;

    private bool HasWork =>
        !_systemMailbox.IsEmpty
        || (_isTerminated && !_mailbox.IsEmpty)
        || (CanProcessUserMessages && (!_mailbox.IsEmpty || _front is { Count: > 0 }));

    private bool TryDequeue(out Envelope envelope)
    {
        if (_front is { Count: > 0 })
        {
            envelope = _front.First!.Value;
            _front.RemoveFirst();
            return true;
        }

        return _mailbox.TryDequeue(out envelope);
    }

    private void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            var message = envelope.Message;
            if (message is IAutoReceivedMessage && !TryAutoReceive(ref message))
            {
                return;
            }

            if (!_actor!.AroundReceive(_behaviours.Peek(), message))
            {
                _actor.Unhandled(message);
            }

            if (_receiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
            {
                RescheduleReceiveTimeout();
            }
        }
        catch (Exception ex)
        {
            HandleFailure(ex);
        }
        finally
        {
            _current = default;
        }
    }

    /// <summary>Handles kernel messages; returns false when the message must not reach the behaviour.</summary>
    private bool TryAutoReceive(ref object message)
    {
        switch (message)
        {
            case PoisonPill:
                Stop(Self);
                return false;
            case Kill:
                throw new ActorKilledException($"{Path} was killed");
            case Terminated terminated:
                // Accepted once already if it comes back from a stash; otherwise Unwatch may have cancelled it.
                return _current.Redelivered || _pendingTerminated?.Remove(terminated.ActorRef) == true;
            case TimerFired fired:
                if (_timers is null || !_timers.TryTake(fired, out var timed))
                {
                    return false;
                }

                message = timed;
                _current = new Envelope(timed, ActorRefs.NoSender);
                return true;
            case ReceiveTimeoutFired fired:
                if (fired.Generation != _receiveTimeoutGeneration || _receiveTimeout is null)
                {
                    return false;
                }

                message = Actors.ReceiveTimeout.Instance;
                _current = new Envelope(message, ActorRefs.NoSender);
                return true;
            default:
                return true;
        }
    }

    private void ProcessSystemMessages()
    {
        while (_systemMailbox.TryDequeue(out var message))
        {
            try
            {
                ProcessSystemMessage(message);
            }
            catch (Exception ex)
            {
                HandleFailure(ex);
            }
        }
    }

    private void ProcessSystemMessage(SystemMessage message)
    {
        if (_isTerminated)
        {
            // Late arrivals at a stopped actor: a watcher must still hear that it is gone.
            if (message is Watch late)
            {
                SendDeathWatchNotification(late.Watcher);
            }

            return;
        }

        switch (message)
        {
            case Create:
                CreateActor(isRestart: false, cause: null);
                break;
            case Terminate:
                BeginTerminate();
                break;
            case Resume:
                _suspended = false;
                break;
            case Recreate recreate:
                BeginRecreate(recreate.Cause);
                break;
            case Failed failed:
                HandleChildFailure(failed);
                break;
            case ChildTerminated child:
                HandleChildTerminated(child.Child);
                break;
            case Watch watch:
                AddWatcher(watch.Watcher);
                break;
            case Unwatch unwatch:
                _watchedBy?.Remove(unwatch.Watcher);
                break;
            case DeathWatchNotification notification:
                HandleDeathWatchNotification(notification.Actor);
                break;
            case AsyncContinuation continuation:
                RunContinuation(continuation);
                break;
            case AsyncHandlerCompleted completed:
                CompleteAsyncHandler(completed.Task);
                break;
        }
    }

    // ---- creation and restart ----

    private void CreateActor(bool isRestart, Exception? cause)
    {
        ActorBase instance;
        var previousConstructing = t_constructing;
        t_constructing = this;
        try
        {
            _behaviours.Clear();
            instance = Props.Factory();
        }
        catch (Exception ex)
        {
            _suspended = true;
            throw new ActorInitializationException($"{Path}: the actor's constructor failed: {ex.Message}", ex);
        }
        finally
        {
            t_constructing = previousConstructing;
        }

        _actor = instance;
        _behaviours.Push(instance.Receive);
        if (instance is IWithTimers withTimers)
        {
            _timers ??= new TimerScheduler(this);
            withTimers.Timers = _timers;
        }

        if (instance is IWithStash withStash)
        {
            _stash ??= new Stash(this, Props.StashCapacity);
            withStash.Stash = _stash;
        }

        try
        {
            if (isRestart)
            {
                instance.AroundPostRestart(cause!);
            }
            else
            {
                instance.AroundPreStart();
            }
        }
        catch (Exception ex)
        {
            _suspended = true;
            throw new ActorInitializationException($"{Path}: {(isRestart ? "PostRestart" : "PreStart")} failed: {ex.Message}", ex);
        }

        _suspended = false;
    }

    private void BeginRecreate(Exception cause)
    {
        var failed = _actor;
        CancelTimersAndReceiveTimeout();
        try
        {
            failed?.AroundPreRestart(cause, _failedMessage);
        }
        catch (Exception ex)
        {
            System.Log.PreRestartFailed(Path.ToString(), ex);
        }

        _stash?.PrependAllToMailbox();
        _failedMessage = null;
        _pendingAsync = null;
        _pendingRecreate = cause;
        if (_children.IsEmpty)
        {
            FinishRecreate();
        }
    }

    private void FinishRecreate()
    {
        var cause = _pendingRecreate!;
        _pendingRecreate = null;
        CreateActor(isRestart: true, cause);
    }

    // ---- behaviour (IActorContext) ----

    public void Become(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviours.Pop();
        _behaviours.Push(receive);
    }

    public void BecomeStacked(Receive receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        _behaviours.Push(receive);
    }

    public void UnbecomeStacked()
    {
        if (_behaviours.Count > 1)
        {
            _behaviours.Pop();
        }
    }

    // ---- async handlers ----

    internal void RunAsyncHandler(Func<Task> handler)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this));
        Task task;
        try
        {
            task = handler();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult(); // rethrows a synchronous failure into supervision
            return;
        }

        _suspended = true;
        _pendingAsync = task;
        _asyncMessage = _current;
        task.ContinueWith(
            static (t, state) => ((ActorCell)state!).SendSystem(new AsyncHandlerCompleted(t)),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RunContinuation(AsyncContinuation continuation)
    {
        var previousContext = SynchronizationContext.Current;
        var previousCurrent = _current;
        SynchronizationContext.SetSynchronizationContext(new ActorSynchronizationContext(this));
        _current = _asyncMessage;
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            _current = previousCurrent;
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }
    }

    private void CompleteAsyncHandler(Task task)
    {
        if (!ReferenceEquals(task, _pendingAsync))
        {
            return; // the actor restarted or stopped meanwhile
        }

        _pendingAsync = null;
        _suspended = false;
        var message = _asyncMessage;
        _asyncMessage = default;
        if (task.IsFaulted || task.IsCanceled)
        {
            _current = message;
            try
            {
                HandleFailure(task.Exception?.InnerException ?? new TaskCanceledException(task));
            }
            finally
            {
                _current = default;
            }
        }
    }

    // ---- stash ----

    internal void PrependToMailbox(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0)
        {
            return;
        }

        _front ??= new LinkedList<Envelope>();
        for (var i = envelopes.Count - 1; i >= 0; i--)
        {
            _front.AddFirst(envelopes[i] with { Redelivered = true });
        }
    }

    internal Envelope CurrentEnvelope => _current;

    /// <summary>Lets an event handler that runs later reply to the sender of the command that persisted it.</summary>
    internal void OverrideCurrentSender(IActorRef? sender) => _current = _current with { Sender = sender };

    private void DrainToDeadLetters()
    {
        while (TryDequeue(out var envelope))
        {
            if (envelope.Message is not IAutoReceivedMessage || envelope.Message is PoisonPill)
            {
                System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);
            }
        }
    }

    public override string ToString() => $"ActorCell[{Path}]";
}
