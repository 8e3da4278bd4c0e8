namespace CallActors.Actors;

/// <summary>Implemented by actors that use keyed timers; the kernel fills <see cref="Timers"/> at creation.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}

/// <summary>Keyed timers that send messages to Self; all are cancelled when the actor stops or restarts.</summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="delay"/>, replacing a timer with the same key.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> every <paramref name="interval"/>, replacing a timer with the same key.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    bool IsTimerActive(object key);

    /// <summary>Cancels the timer; a message it already queued is not delivered.</summary>
    void Cancel(object key);

    void CancelAll();
}
