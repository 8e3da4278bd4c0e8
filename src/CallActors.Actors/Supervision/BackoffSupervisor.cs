namespace CallActors.Actors.Supervision;

/// <summary>When a backoff supervisor restarts its child: after the child stopped, or after it failed.</summary>
public enum BackoffTrigger
{
    OnStop,
    OnFailure,
}

/// <summary>How a <see cref="BackoffSupervisor"/> runs and restarts its child.</summary>
public sealed record BackoffOptions(Props ChildProps, string ChildName, TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor, BackoffTrigger Trigger)
{
    /// <summary>A child that stays alive this long has its restart count reset (default: MaxBackoff).</summary>
    public TimeSpan? ResetBackoffAfter { get; init; }

    /// <summary>Restarts allowed before the supervisor gives up and stops (-1: no limit).</summary>
    public int MaxRestarts { get; init; } = -1;

    /// <summary>Source of the random spread; inject a seeded one for repeatable tests.</summary>
    public Random? Random { get; init; }

    public static BackoffOptions OnStop(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(childProps, childName, minBackoff, maxBackoff, randomFactor, BackoffTrigger.OnStop);

    public static BackoffOptions OnFailure(Props childProps, string childName, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor) =>
        new(childProps, childName, minBackoff, maxBackoff, randomFactor, BackoffTrigger.OnFailure);

    /// <summary>The delay before restart number <paramref name="restartCount"/> (0-based): min × 2^n, capped, then spread.</summary>
    public TimeSpan DelayFor(int restartCount, double randomValue)
    {
        var exponential = MinBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(restartCount, 30));
        var capped = Math.Min(MaxBackoff.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (1.0 + (RandomFactor * randomValue)));
    }
}

/// <summary>
/// Keeps one child alive, restarting it after a delay that doubles with each restart (capped), so
/// a child that keeps failing (e.g. its journal is down) does not hammer what it depends on.
/// Messages to the supervisor are forwarded to the child.
/// </summary>
public sealed class BackoffSupervisor : ActorBase, IWithTimers
{
    private readonly BackoffOptions _options;
    private readonly Random _random;
    private IActorRef? _child;
    private int _restartCount;

    public BackoffSupervisor(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _random = options.Random ?? Random.Shared;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Asks the supervisor for its current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed record GetCurrentChild
    {
        public static GetCurrentChild Instance { get; } = new();
    }

    /// <summary>The child, or null while it waits to be restarted.</summary>
    public sealed record CurrentChild(IActorRef? Ref);

    /// <summary>Asks for <see cref="RestartCount"/>.</summary>
    public sealed record GetRestartCount
    {
        public static GetRestartCount Instance { get; } = new();
    }

    public sealed record RestartCount(int Count);

    public static Props Props(BackoffOptions options) => Actors.Props.Create(() => new BackoffSupervisor(options));

    private sealed record StartChild;

    private sealed record ResetRestartCount(int Generation);

    protected internal override SupervisorStrategy SupervisorStrategy() =>
        _options.Trigger == BackoffTrigger.OnFailure
            ? Supervision.SupervisorStrategy.StoppingStrategy
            : _options.ChildProps.SupervisorStrategy ?? Supervision.SupervisorStrategy.DefaultStrategy;

    protected internal override void PreStart() => StartChildNow();

    protected internal override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when terminated.ActorRef.Equals(_child):
                _child = null;
                if (_options.MaxRestarts >= 0 && _restartCount >= _options.MaxRestarts)
                {
                    Context.Stop(Self);
                    return true;
                }

                var delay = _options.DelayFor(_restartCount, _random.NextDouble());
                _restartCount++;
                Timers.StartSingleTimer("backoff", new StartChild(), delay);
                return true;
            case StartChild:
                StartChildNow();
                return true;
            case ResetRestartCount reset:
                if (reset.Generation == _restartCount)
                {
                    _restartCount = 0;
                }

                return true;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child), Self);
                return true;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount), Self);
                return true;
            default:
                if (_child is not null)
                {
                    _child.Tell(message, Sender);
                }
                else
                {
                    Context.System.DeadLetters.Tell(message, Sender);
                }

                return true;
        }
    }

    private void StartChildNow()
    {
        _child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        if (_restartCount > 0)
        {
            Timers.StartSingleTimer("reset", new ResetRestartCount(_restartCount), _options.ResetBackoffAfter ?? _options.MaxBackoff);
        }
    }
}
