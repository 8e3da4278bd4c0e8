using CallActors.Actors.Internal;

namespace CallActors.Actors.Timers;

/// <summary>
/// Per-actor timers on the system's <see cref="TimeProvider"/>. A fired timer posts a
/// <see cref="TimerFired"/> carrying its generation, so a cancelled or replaced timer whose
/// message is already in the mailbox is recognised as stale and dropped.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval)));

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>Turns a fired timer back into the user's message, or returns false if it is stale.</summary>
    public bool TryTake(TimerFired fired, out object message)
    {
        if (_timers.TryGetValue(fired.Key, out var entry) && entry.Generation == fired.Generation)
        {
            if (!entry.Periodic)
            {
                _timers.Remove(fired.Key);
                entry.Timer.Dispose();
            }

            message = entry.Message;
            return true;
        }

        message = null!;
        return false;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Cancel(key);
        var fired = new TimerFired(key, ++_generation);
        IActorRef self = cell.Self;
        var timer = cell.System.TimeProvider.CreateTimer(
            static state => { var (target, msg) = ((IActorRef, TimerFired))state!; target.Tell(msg, ActorRefs.NoSender); },
            (self, fired),
            delay,
            period);
        _timers[key] = new Entry(message, fired.Generation, period != Timeout.InfiniteTimeSpan, timer);
    }

    private sealed record Entry(object Message, long Generation, bool Periodic, ITimer Timer);
}

/// <summary>A timer's tick in the mailbox, checked against the live timer before delivery.</summary>
internal sealed record TimerFired(object Key, long Generation) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;
