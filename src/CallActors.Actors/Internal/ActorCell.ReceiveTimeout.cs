namespace CallActors.Actors.Internal;

/// <summary>The receive timeout: a one-shot timer re-armed after every message that counts as activity.</summary>
internal sealed partial class ActorCell
{
    private TimeSpan? _receiveTimeout;
    private ITimer? _receiveTimeoutTimer;
    private long _receiveTimeoutGeneration;

    public TimeSpan? ReceiveTimeout => _receiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "a receive timeout must be positive (or null to turn it off)");
        }

        _receiveTimeout = timeout;
        if (timeout is null)
        {
            CancelReceiveTimeout();
        }
        else
        {
            RescheduleReceiveTimeout();
        }
    }

    private void RescheduleReceiveTimeout()
    {
        _receiveTimeoutTimer?.Dispose();
        var generation = ++_receiveTimeoutGeneration;
        _receiveTimeoutTimer = System.TimeProvider.CreateTimer(
            static state =>
            {
                var (self, fired) = ((LocalActorRef, ReceiveTimeoutFired))state!;
                self.Tell(fired, ActorRefs.NoSender);
            },
            (Self, new ReceiveTimeoutFired(generation)),
            _receiveTimeout!.Value,
            Timeout.InfiniteTimeSpan);
    }

    private void CancelReceiveTimeout()
    {
        _receiveTimeoutGeneration++;
        _receiveTimeoutTimer?.Dispose();
        _receiveTimeoutTimer = null;
    }

    private void CancelTimersAndReceiveTimeout()
    {
        _timers?.CancelAll();
        _receiveTimeout = null;
        CancelReceiveTimeout();
    }
}

/// <summary>The receive-timeout timer's tick, stale once any later message re-armed the timer.</summary>
internal sealed record ReceiveTimeoutFired(long Generation) : IAutoReceivedMessage, INotInfluenceReceiveTimeout;
