using System.Collections.Concurrent;

namespace CallActors.Actors.Hosting;

/// <summary>Top-level actors by key, so services outside the actor system (HTTP modules, listeners) can find them.</summary>
public sealed class ActorRegistry
{
    private readonly ConcurrentDictionary<Type, IActorRef> _actors = new();

    public void Register<TKey>(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!_actors.TryAdd(typeof(TKey), actor))
        {
            throw new InvalidOperationException($"an actor is already registered for {typeof(TKey).Name}");
        }
    }

    public IActorRef Get<TKey>() =>
        _actors.TryGetValue(typeof(TKey), out var actor)
            ? actor
            : throw new InvalidOperationException($"no actor registered for {typeof(TKey).Name}");

    public bool TryGet<TKey>(out IActorRef actor) => _actors.TryGetValue(typeof(TKey), out actor!);
}
