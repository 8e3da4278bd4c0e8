namespace CallActors.Actors;

/// <summary>Well-known references that are not actors.</summary>
public static class ActorRefs
{
    /// <summary>"No sender": replies to it go nowhere.</summary>
    public static IActorRef NoSender { get; } = new NobodyRef("/no-sender");

    /// <summary>What a lookup returns when nothing is there; messages to it are dropped.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef("/nobody");

    private sealed class NobodyRef(string path) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Parse(path);

        public void Tell(object message, IActorRef? sender)
        {
        }

        public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

        public override string ToString() => $"Actor[{Path}]";
    }
}
