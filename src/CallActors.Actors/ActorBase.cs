using CallActors.Actors.Internal;
using CallActors.Actors.Supervision;

namespace CallActors.Actors;

/// <summary>The base of every actor: lifecycle hooks, context and the message entry point.</summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;

    protected ActorBase()
    {
        _cell = ActorCell.Constructing
            ?? throw new ActorInitializationException(
                $"{GetType().Name} must be created through Props and ActorOf, not with 'new'");
    }

    protected IActorContext Context => _cell;

    protected IActorRef Self => _cell.Self;

    protected IActorRef Sender => _cell.Sender;

    /// <summary>The behaviour the actor starts with.</summary>
    protected internal abstract bool Receive(object message);

    /// <summary>Wraps every message delivery; persistence overrides it to hold commands back.</summary>
    protected internal virtual bool AroundReceive(Receive receive, object message) => receive(message);

    protected internal virtual void PreStart()
    {
    }

    protected internal virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before a restart; by default stops the children and calls PostStop.</summary>
    protected internal virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the new instance after a restart; by default calls PreStart.</summary>
    protected internal virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>The strategy applied to this actor's children when they fail.</summary>
    protected internal virtual SupervisorStrategy SupervisorStrategy() => Supervision.SupervisorStrategy.DefaultStrategy;

    /// <summary>Called for a message no behaviour matched: an unhandled Terminated fails the actor, anything else is published.</summary>
    protected internal virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.EventStream.Publish(new UnhandledMessage(message, Sender, Self));
    }

    internal ActorCell Cell => _cell;

    // Hooks for kernel extensions (persistence recovers before the user's PreStart runs).
    internal virtual void AroundPreStart() => PreStart();

    internal virtual void AroundPreRestart(Exception reason, object? message) => PreRestart(reason, message);

    internal virtual void AroundPostRestart(Exception reason) => PostRestart(reason);

    internal virtual void AroundPostStop() => PostStop();
}
