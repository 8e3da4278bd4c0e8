namespace CallActors.Actors;

/// <summary>What an actor can see of and do to its surroundings while it handles a message.</summary>
public interface IActorContext
{
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled (<see cref="ActorRefs.NoSender"/> if none).</summary>
    IActorRef Sender { get; }

    IActorRef Parent { get; }

    ActorSystem System { get; }

    /// <summary>The receive timeout in force, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The child with that name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    IReadOnlyCollection<IActorRef> GetChildren();

    /// <summary>Stops a child (or Self) asynchronously: children first, then PostStop.</summary>
    void Stop(IActorRef child);

    /// <summary>Asks for a <see cref="Terminated"/> message when <paramref name="subject"/> stops.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching; a Terminated already queued for the subject is dropped.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Sends <see cref="Actors.ReceiveTimeout"/> to Self after this much idle time; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>Replaces the current behaviour.</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour on top of the current one; <see cref="UnbecomeStacked"/> pops it.</summary>
    void BecomeStacked(Receive receive);

    void UnbecomeStacked();
}

/// <summary>A behaviour: handles a message and says whether it matched.</summary>
public delegate bool Receive(object message);
