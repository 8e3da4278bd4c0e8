using System.Collections.Concurrent;

namespace CallActors.Actors.Internal;

/// <summary>Children, stopping and termination.</summary>
internal sealed partial class ActorCell
{
    // Concurrent because ActorOf on a guardian and path lookups come from any thread.
    private readonly ConcurrentDictionary<string, LocalActorRef> _children = new(StringComparer.Ordinal);
    private long _nextChildNumber;

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is null)
        {
            name = ActorNames.Generate(Interlocked.Increment(ref _nextChildNumber) - 1);
        }
        else
        {
            ActorNames.Validate(name, allowSystemPrefix: false);
        }

        if (_terminating || _isTerminated)
        {
            throw new InvalidOperationException($"cannot create child '{name}': {Path} is stopping");
        }

        return CreateChild(props, name);
    }

    /// <summary>Reserves the name, then lets the child construct itself on its own first turn.</summary>
    private LocalActorRef CreateChild(Props props, string name)
    {
        var cell = new ActorCell(System, props, this, Path.Child(name));
        if (!_children.TryAdd(name, cell.Self))
        {
            throw new InvalidActorNameException($"actor name '{name}' is not unique under {Path}");
        }

        cell.ScheduleIfIdle();
        return cell.Self;
    }

    public IActorRef Child(string name) =>
        _children.TryGetValue(name, out var child) ? child : ActorRefs.Nobody;

    internal LocalActorRef? FindChild(string name) => _children.TryGetValue(name, out var child) ? child : null;

    public IReadOnlyCollection<IActorRef> GetChildren() => [.. _children.Values];

    public void Stop(IActorRef child)
    {
        if (child is LocalActorRef local)
        {
            local.Cell.SendSystem(Terminate.Instance);
        }
    }

    private void BeginTerminate()
    {
        if (_terminating)
        {
            return;
        }

        _terminating = true;
        _suspended = true;
        CancelTimersAndReceiveTimeout();
        if (_children.IsEmpty)
        {
            FinishTerminate();
            return;
        }

        foreach (var child in _children.Values)
        {
            child.Cell.SendSystem(Terminate.Instance);
        }
    }

    private void HandleChildTerminated(LocalActorRef child)
    {
        if (_children.TryGetValue(child.Path.Name, out var current) && ReferenceEquals(current, child))
        {
            _children.TryRemove(child.Path.Name, out _);
        }

        _childStats?.Remove(child);
        if (!_children.IsEmpty)
        {
            return;
        }

        if (_terminating)
        {
            FinishTerminate();
        }
        else if (_pendingRecreate is not null)
        {
            FinishRecreate();
        }
    }

    private void FinishTerminate()
    {
        try
        {
            _actor?.AroundPostStop();
        }
        catch (Exception ex)
        {
            System.Log.PostStopFailed(Path.ToString(), ex);
        }

        _stash?.DropAll();
        _isTerminated = true;
        DrainToDeadLetters();
        if (_watchedBy is not null)
        {
            foreach (var watcher in _watchedBy)
            {
                SendDeathWatchNotification(watcher);
            }

            _watchedBy = null;
        }

        if (_watching is not null)
        {
            foreach (var watched in _watching)
            {
                if (watched is LocalActorRef local)
                {
                    local.Cell.SendSystem(new Unwatch(Self));
                }
            }

            _watching = null;
        }

        ParentCell?.SendSystem(new ChildTerminated(Self));
        _actor = null;
        _terminatedSignal.TrySetResult();
    }
}

/// <summary>Kernel-only creation paths (guardians may use '$'-free reserved names like "user").</summary>
internal sealed partial class ActorCell
{
    internal void ScheduleCreation() => ScheduleIfIdle();

    internal IActorRef ActorOfSystem(Props props, string name) => CreateChild(props, name);
}
