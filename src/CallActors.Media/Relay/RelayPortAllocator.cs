namespace CallActors.Media.Relay;

/// <summary>Hands out the even RTP ports of a range (RTCP is the port above), skipping pairs someone else has bound;
/// released ports go to the back of the queue so a closed call's port is not reused at once. Thread-safe.</summary>
internal sealed class RelayPortAllocator
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _free = new();
    private readonly int _portMin;
    private readonly int _portMax;

    public RelayPortAllocator(int portMin, int portMax)
    {
        _portMin = portMin;
        _portMax = portMax;
        for (var port = portMin; port + 1 <= portMax; port += 2)
        {
            _free.Enqueue(port);
        }
    }

    /// <summary>Tries free ports in turn until <paramref name="tryBind"/> binds one (it returns null when the pair is
    /// in use); each free port is tried at most once per call.</summary>
    /// <exception cref="RelayPortsExhaustedException">No free port could be bound.</exception>
    public T Allocate<T>(Func<int, T?> tryBind)
        where T : class
    {
        int attempts;
        lock (_lock)
        {
            attempts = _free.Count;
        }

        for (var i = 0; i < attempts; i++)
        {
            int port;
            lock (_lock)
            {
                if (!_free.TryDequeue(out port))
                {
                    break;
                }
            }

            T? bound;
            try
            {
                bound = tryBind(port);
            }
            catch
            {
                Release(port);
                throw;
            }

            if (bound is not null)
            {
                return bound;
            }

            // Busy now (another process holds it), perhaps free later.
            Release(port);
        }

        throw new RelayPortsExhaustedException(_portMin, _portMax);
    }

    public void Release(int port)
    {
        lock (_lock)
        {
            _free.Enqueue(port);
        }
    }
}
