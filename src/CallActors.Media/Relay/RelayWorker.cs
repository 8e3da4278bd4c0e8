using System.ComponentModel;
using Microsoft.Extensions.Logging;

namespace CallActors.Media.Relay;

/// <summary>A relay thread: owns an epoll instance and the sessions assigned to it, reads every ready socket one batch
/// at a time (so a flood on one port cannot starve the others) and applies register/unregister commands between waits.</summary>
/// <remarks>Sockets are only added to, removed from epoll and closed on this thread, so a session disposed while the
/// thread is in epoll_wait never has its descriptor closed (and reused) under a read.</remarks>
internal sealed class RelayWorker : IDisposable
{
    private const int MaxEventsPerWait = 256;

    private readonly Lock _lock = new();
    private readonly Queue<(RelaySession Session, bool Register)> _commands = new();
    private readonly List<RelaySocketSlot?> _slots = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly HashSet<RelaySession> _sessions = [];
    private readonly RelayEpoll _epoll;
    private readonly PacketForwarder _forwarder;
    private readonly RelayLogThrottle _receiveFailures;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _stopRequested;
    private bool _stopped;
    private int _sessionCount;

    public RelayWorker(int index, MediaRelayOptions options, TimeProvider time, ILogger logger)
    {
        Index = index;
        _logger = logger;
        _epoll = new RelayEpoll(MaxEventsPerWait);
        _forwarder = new PacketForwarder(options, time, logger);
        _receiveFailures = new RelayLogThrottle(time, TimeSpan.FromMinutes(1));
        _thread = new Thread(Run) { IsBackground = true, Name = $"media-relay-{index}" };
        _thread.Start();
    }

    public int Index { get; }

    /// <summary>Sessions assigned to this worker and not yet closed.</summary>
    public int SessionCount => Volatile.Read(ref _sessionCount);

    public RelayCounterSet Totals => _forwarder.Totals;

    public bool IsCurrentThread => Thread.CurrentThread == _thread;

    public void Register(RelaySession session)
    {
        Interlocked.Increment(ref _sessionCount);
        Post(session, register: true);
    }

    public void Unregister(RelaySession session) => Post(session, register: false);

    /// <summary>Stops the thread; every session still on it is closed.</summary>
    public void Dispose()
    {
        _stopRequested = true;
        lock (_lock)
        {
            if (!_stopped)
            {
                _epoll.Wake();
            }
        }

        // From an observer callback the thread stops once the callback returns.
        if (!IsCurrentThread)
        {
            _thread.Join();
        }
    }

    private void Post(RelaySession session, bool register)
    {
        lock (_lock)
        {
            if (!_stopped)
            {
                _commands.Enqueue((session, register));
                _epoll.Wake();
                return;
            }
        }

        // The thread is gone: nothing watches the sockets any more, so they can be closed here.
        Close(session);
    }

    private void Run()
    {
        try
        {
            while (!_stopRequested)
            {
                ApplyCommands();
                var count = _epoll.Wait();
                for (var i = 0; i < count; i++)
                {
                    var token = _epoll.TokenAt(i);
                    if (token == RelayEpoll.WakeToken)
                    {
                        _epoll.ResetWake();
                    }
                    else if (_slots[(int)token] is { } slot)
                    {
                        ReceiveFrom(slot);
                    }
                }
            }
        }
        catch (Exception e)
        {
            RelayLog.WorkerFailed(_logger, e, Index, _sessions.Count);
        }
        finally
        {
            Shutdown();
        }
    }

    private void ReceiveFrom(RelaySocketSlot slot)
    {
        try
        {
            _forwarder.ReceiveFrom(slot.Session, slot.Leg, slot.IsRtcp);
        }
        catch (Exception e)
        {
            // A bug on the packet path must not stop every call on this worker.
            if (_receiveFailures.TryEnter(out var suppressed))
            {
                RelayLog.ReceiveFailed(_logger, e, Index, suppressed);
            }
        }
    }

    private void ApplyCommands()
    {
        while (true)
        {
            (RelaySession Session, bool Register) command;
            lock (_lock)
            {
                if (!_commands.TryDequeue(out command))
                {
                    return;
                }
            }

            if (!command.Register)
            {
                Remove(command.Session);
            }
            else
            {
                Watch(command.Session);
            }
        }
    }

    private void Watch(RelaySession session)
    {
        _sessions.Add(session);
        var slots = SlotsOf(session);
        foreach (var (socket, slot) in slots)
        {
            if (!_freeSlots.TryPop(out var index))
            {
                index = _slots.Count;
                _slots.Add(null);
            }

            _slots[index] = slot;
            socket.Token = (ulong)index;
        }

        foreach (var (socket, _) in slots)
        {
            if (!_epoll.TryAdd(socket.Fd, socket.Token, out var errno))
            {
                RelayLog.WatchFailed(_logger, session.Name, new Win32Exception(errno).Message);
                Remove(session);
                return;
            }
        }
    }

    private void Remove(RelaySession session)
    {
        if (_sessions.Remove(session))
        {
            foreach (var (socket, _) in SlotsOf(session))
            {
                _epoll.Remove(socket.Fd);
                _slots[(int)socket.Token] = null;
                _freeSlots.Push((int)socket.Token);
            }
        }

        Close(session);
    }

    private static (RelaySocket Socket, RelaySocketSlot Slot)[] SlotsOf(RelaySession session) =>
    [
        (session.Caller.RtpSocket, new RelaySocketSlot(session, session.Caller, IsRtcp: false)),
        (session.Caller.RtcpSocket, new RelaySocketSlot(session, session.Caller, IsRtcp: true)),
        (session.Callee.RtpSocket, new RelaySocketSlot(session, session.Callee, IsRtcp: false)),
        (session.Callee.RtcpSocket, new RelaySocketSlot(session, session.Callee, IsRtcp: true)),
    ];

    private void Close(RelaySession session)
    {
        // The count drops before the disposer is released: a session disposed is no longer counted as open.
        if (session.Close(() => Interlocked.Decrement(ref _sessionCount)))
        {
            RelayLog.SessionClosed(_logger, session.Name, session.Caller.Counters, session.Callee.Counters);
        }
    }

    private void Shutdown()
    {
        lock (_lock)
        {
            _stopped = true;
        }

        foreach (var (session, _) in _commands)
        {
            Close(session);
        }

        foreach (var session in _sessions)
        {
            Close(session);
        }

        _commands.Clear();
        _sessions.Clear();
        _epoll.Dispose();
        _forwarder.Dispose();
    }
}
