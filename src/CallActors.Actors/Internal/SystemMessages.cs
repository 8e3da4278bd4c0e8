namespace CallActors.Actors.Internal;

/// <summary>Kernel-to-kernel messages; they jump ahead of user messages and run even while an actor is suspended.</summary>
internal abstract record SystemMessage;

internal sealed record Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

internal sealed record Terminate : SystemMessage
{
    public static Terminate Instance { get; } = new();
}

internal sealed record Recreate(Exception Cause) : SystemMessage;

internal sealed record Resume : SystemMessage
{
    public static Resume Instance { get; } = new();
}

/// <summary>A child tells its parent that it failed and is suspended until told what to do.</summary>
internal sealed record Failed(LocalActorRef Child, Exception Cause) : SystemMessage;

internal sealed record ChildTerminated(LocalActorRef Child) : SystemMessage;

internal sealed record Watch(IActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IActorRef Watcher) : SystemMessage;

/// <summary>Tells a watcher that an actor it watched has stopped.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor) : SystemMessage;

/// <summary>A continuation of an async handler, run on the actor's own turn.</summary>
internal sealed record AsyncContinuation(SendOrPostCallback Callback, object? State) : SystemMessage;

internal sealed record AsyncHandlerCompleted(Task Task) : SystemMessage;
