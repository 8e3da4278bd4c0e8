using CallActors.Actors.Internal;

namespace CallActors.Actors;

/// <summary>Tell without a sender, Ask, Forward and GracefulStop.</summary>
public static class ActorRefExtensions
{
    /// <summary>The Ask deadline used when none is given.</summary>
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Sends with the current actor as sender inside an actor, or no sender outside.</summary>
    public static void Tell(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, ActorCell.Current?.Self ?? ActorRefs.NoSender);
    }

    /// <summary>Sends keeping the original sender of the message being handled.</summary>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var current = ActorCell.Current
            ?? throw new InvalidOperationException("Forward can only be used while an actor handles a message");
        target.Tell(message, current.Sender);
    }

    /// <summary>
    /// Sends a message and waits for the reply. A <see cref="Status.Failure"/> reply throws its
    /// cause; no reply within <paramref name="timeout"/> throws <see cref="AskTimeoutException"/>.
    /// </summary>
    public static async Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var deadline = timeout ?? DefaultAskTimeout;
        var system = (target as LocalActorRef)?.Cell.System;
        var clock = system?.TimeProvider ?? TimeProvider.System;
        var promise = new PromiseActorRef(ActorPath.Root.Child("temp").Child(system?.NextTempName() ?? "$ask"));
        target.Tell(message, promise);
        object reply;
        try
        {
            reply = await promise.Reply.WaitAsync(deadline, clock, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new AskTimeoutException(
                $"Ask timed out on {target.Path} after {deadline.TotalMilliseconds:0} ms waiting for a reply to {message.GetType().Name}");
        }

        return reply switch
        {
            T typed => typed,
            Status.Failure failure => throw failure.Cause,
            _ => throw new InvalidCastException(
                $"Ask to {target.Path} expected a reply of type {typeof(T).Name} but got {reply.GetType().Name}"),
        };
    }

    /// <summary>Sends PoisonPill and waits until the actor has stopped; false if it did not stop in time.</summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is not LocalActorRef local)
        {
            return true;
        }

        target.Tell(PoisonPill.Instance, ActorRefs.NoSender);
        try
        {
            await local.Cell.WhenTerminated.WaitAsync(timeout, local.Cell.System.TimeProvider).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
