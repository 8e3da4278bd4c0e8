namespace CallActors.Media.Relay;

/// <summary>One call's media through the relay: two legs, four sockets, one observer, all on one worker thread.</summary>
public sealed class RelaySession : IDisposable
{
    private readonly RelayWorker _worker;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeRequested;
    private int _closedOnce;

    internal RelaySession(string name, RelayLeg caller, RelayLeg callee, IRelayPacketObserver observer, RelayWorker worker, RelayLogThrottle observerFailures)
    {
        Name = name;
        Caller = caller;
        Callee = callee;
        Observer = observer;
        ObserverFailures = observerFailures;
        _worker = worker;
    }

    /// <summary>The name given to <see cref="MediaRelay.Open"/> (the call id), used in log lines.</summary>
    public string Name { get; }

    public RelayLeg Caller { get; }

    public RelayLeg Callee { get; }

    public RelayLeg this[RelayLegSide side] => side == RelayLegSide.Caller ? Caller : Callee;

    internal IRelayPacketObserver Observer { get; }

    /// <summary>Keeps a throwing observer to one log line per minute.</summary>
    internal RelayLogThrottle ObserverFailures { get; }

    internal RelayLeg Opposite(RelayLeg leg) => ReferenceEquals(leg, Caller) ? Callee : Caller;

    /// <summary>Stops relaying, closes the four sockets and returns both port pairs; when it returns the ports can be bound
    /// again. Idempotent. Called from an observer callback, it returns at once and the sockets close after the current batch.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposeRequested, 1) == 0)
        {
            _worker.Unregister(this);
        }

        if (!_worker.IsCurrentThread)
        {
            _closed.Task.Wait();
        }
    }

    /// <summary>Closes the sockets once the worker no longer watches them (or has stopped); false when already closed.
    /// <paramref name="closed"/> runs before <see cref="Dispose"/> returns, so that what it counts is true for the
    /// disposer.</summary>
    internal bool Close(Action closed)
    {
        if (Interlocked.Exchange(ref _closedOnce, 1) != 0)
        {
            return false;
        }

        Caller.Close();
        Callee.Close();
        closed();
        _closed.SetResult();
        return true;
    }
}
