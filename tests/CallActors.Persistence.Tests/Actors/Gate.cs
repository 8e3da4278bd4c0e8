namespace CallActors.Persistence.Tests.Actors;

/// <summary>Holds callers at <see cref="PassAsync"/> while closed, and tells the test how many wait there.</summary>
internal sealed class Gate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private bool _closed;

    /// <summary>Callers held at the gate right now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
        }
    }

    /// <summary>Lets everyone through, now and later.</summary>
    public void Open()
    {
        TaskCompletionSource[] released;
        lock (_lock)
        {
            _closed = false;
            released = [.. _waiting];
            _waiting.Clear();
        }

        foreach (var waiter in released)
        {
            waiter.SetResult();
        }
    }

    /// <summary>Lets the caller that came first through; the gate stays closed.</summary>
    public void ReleaseOne()
    {
        TaskCompletionSource first;
        lock (_lock)
        {
            first = _waiting.Count > 0 ? _waiting.Dequeue() : throw new InvalidOperationException("Nobody waits at the gate");
        }

        first.SetResult();
    }

    public Task PassAsync()
    {
        lock (_lock)
        {
            if (!_closed)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(waiter);
            return waiter.Task;
        }
    }
}
