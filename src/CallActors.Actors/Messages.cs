namespace CallActors.Actors;

/// <summary>Marks messages the kernel handles itself before the actor's behaviour sees them.</summary>
public interface IAutoReceivedMessage;

/// <summary>Messages that do not restart the receive-timeout clock (e.g. periodic ticks).</summary>
public interface INotInfluenceReceiveTimeout;

/// <summary>Stops the actor once the messages queued before it have been processed.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    public static PoisonPill Instance { get; } = new();

    private PoisonPill()
    {
    }

    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>, which its supervisor handles.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static Kill Instance { get; } = new();

    private Kill()
    {
    }

    public override string ToString() => "Kill";
}

/// <summary>Delivered to a watcher when an actor it watches has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef) : IAutoReceivedMessage;

/// <summary>Sent to an actor that received nothing for its receive timeout.</summary>
public sealed class ReceiveTimeout : IAutoReceivedMessage
{
    public static ReceiveTimeout Instance { get; } = new();

    private ReceiveTimeout()
    {
    }

    public override string ToString() => "ReceiveTimeout";
}

/// <summary>A message that could not be delivered (stopped recipient, or left in its mailbox).</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message that no behaviour of the recipient matched.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A failure an actor raised, published on the event stream after its supervisor was told.</summary>
public sealed record ActorFailed(IActorRef Actor, Exception Cause, object? Message);

/// <summary>Replies that carry success or failure, the convention for answering an Ask.</summary>
public static class Status
{
    /// <summary>The request succeeded; <see cref="Status"/> is optional payload.</summary>
    public sealed record Success(object? Status);

    /// <summary>The request failed; an Ask awaiting this reply throws <see cref="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}
