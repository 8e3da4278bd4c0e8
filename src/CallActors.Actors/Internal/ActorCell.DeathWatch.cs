namespace CallActors.Actors.Internal;

/// <summary>DeathWatch: who watches this actor, whom it watches, and Terminated delivery.</summary>
internal sealed partial class ActorCell
{
    private HashSet<IActorRef>? _watchedBy;
    private HashSet<IActorRef>? _watching;
    private HashSet<IActorRef>? _pendingTerminated; // Terminated queued but not yet delivered

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject is not LocalActorRef local || ReferenceEquals(subject, Self))
        {
            return subject;
        }

        if ((_watching ??= []).Add(subject))
        {
            local.Cell.SendSystem(new Watch(Self));
        }

        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_watching?.Remove(subject) == true && subject is LocalActorRef local)
        {
            local.Cell.SendSystem(new Unwatch(Self));
        }

        _pendingTerminated?.Remove(subject);
        return subject;
    }

    private void AddWatcher(IActorRef watcher)
    {
        if (_terminating && _children.IsEmpty && _actor is null)
        {
            SendDeathWatchNotification(watcher);
            return;
        }

        (_watchedBy ??= []).Add(watcher);
    }

    private void SendDeathWatchNotification(IActorRef watcher)
    {
        if (watcher is LocalActorRef local)
        {
            local.Cell.SendSystem(new DeathWatchNotification(Self));
        }
        else
        {
            // Probes and other non-cell references hear about it as a plain message.
            watcher.Tell(new Terminated(Self), Self);
        }
    }

    private void HandleDeathWatchNotification(IActorRef actor)
    {
        if (_watching?.Remove(actor) != true)
        {
            return;
        }

        (_pendingTerminated ??= []).Add(actor);
        _mailbox.Enqueue(new Envelope(new Terminated(actor), actor));
    }
}
