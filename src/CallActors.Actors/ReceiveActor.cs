using CallActors.Actors.Internal;

namespace CallActors.Actors;

/// <summary>An actor whose behaviour is a table of typed handlers registered in its constructor or in Become.</summary>
public abstract class ReceiveActor : ActorBase
{
    private HandlerTable _building = new();
    private readonly HandlerTable _initial;

    protected ReceiveActor()
    {
        _initial = _building;
    }

    protected internal sealed override bool Receive(object message) => _initial.Handle(message);

    protected void Receive<T>(Action<T> handler) => _building.Add(new SyncHandler<T>(handler, null));

    protected void Receive<T>(Action<T> handler, Predicate<T> shouldHandle) => _building.Add(new SyncHandler<T>(handler, shouldHandle));

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler) => _building.Add(new SyncHandler<T>(handler, shouldHandle));

    /// <summary>Handles T with an async handler; the mailbox is suspended until the returned task completes.</summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null) =>
        _building.Add(new AsyncHandler<T>(Cell, handler, shouldHandle));

    protected void ReceiveAny(Action<object> handler) => _building.Add(new SyncHandler<object>(handler, null));

    /// <summary>Replaces the behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    /// <summary>Pushes the handlers that <paramref name="configure"/> registers; <see cref="UnbecomeStacked"/> returns.</summary>
    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private Receive Build(Action configure) => HandlerTable.Collect(ref _building, configure).Handle;
}
