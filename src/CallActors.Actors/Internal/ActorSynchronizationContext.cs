namespace CallActors.Actors.Internal;

/// <summary>
/// Installed while an async handler runs, so that code after an <c>await</c> runs on the actor's
/// own turn (one message at a time holds across awaits, and Self, Sender and Context still work).
/// </summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => cell.SendSystem(new AsyncContinuation(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("synchronous Send onto an actor would deadlock; use Post");

    public override SynchronizationContext CreateCopy() => this;
}
