namespace CallActors.Actors.Internal;

/// <summary>A one-shot reference that completes an Ask with the first message told to it.</summary>
internal sealed class PromiseActorRef(ActorPath path) : IActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ActorPath Path { get; } = path;

    public Task<object> Reply => _reply.Task;

    public void Tell(object message, IActorRef? sender) => _reply.TrySetResult(message);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override string ToString() => $"Actor[{Path}]";
}
