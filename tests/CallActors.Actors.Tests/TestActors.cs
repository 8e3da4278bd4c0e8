using CallActors.Actors;

namespace CallActors.Actors.Tests;

/// <summary>Small actors shared by the kernel tests.</summary>
internal sealed record Increment;

internal sealed record GetCount;

internal sealed record Count(long Value);

internal sealed record Fail(string Reason);

/// <summary>Counts increments, throws on Fail, reports its count and how often its instance was created.</summary>
internal sealed class CounterActor : ReceiveActor
{
    public static int Instances;
    private long _count;

    public CounterActor()
    {
        Interlocked.Increment(ref Instances);
        Receive<Increment>(_ => _count++);
        Receive<GetCount>(_ => Sender.Tell(new Count(_count), Self));
        Receive<Fail>(f => throw new InvalidOperationException(f.Reason));
    }
}

/// <summary>Echoes every message back to its sender.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m, Self));
}

/// <summary>A parent that creates a child from the given props and applies the given strategy to it.</summary>
internal sealed class ParentActor : ReceiveActor
{
    private readonly Supervision.SupervisorStrategy _strategy;

    public ParentActor(Props childProps, Supervision.SupervisorStrategy strategy, IActorRef reportTo)
    {
        _strategy = strategy;
        var child = Context.ActorOf(childProps, "child");
        reportTo.Tell(child, Self);
        ReceiveAny(m => child.Forward(m));
    }

    protected override Supervision.SupervisorStrategy SupervisorStrategy() => _strategy;
}
