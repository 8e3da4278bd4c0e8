namespace CallActors.Actors;

/// <summary>The system-wide publish/subscribe bus for kernel events (dead letters, unhandled messages, failures).</summary>
public sealed class EventStream
{
    private (Type Type, IActorRef Subscriber)[] _subscriptions = [];
    private readonly Lock _gate = new();

    public void Subscribe(IActorRef subscriber, Type messageType)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(messageType);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, (messageType, subscriber)];
        }
    }

    public void Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    public void Unsubscribe(IActorRef subscriber)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => !s.Subscriber.Equals(subscriber))];
        }
    }

    public void Publish(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        foreach (var (subscribedType, subscriber) in Volatile.Read(ref _subscriptions))
        {
            if (subscribedType.IsAssignableFrom(type))
            {
                subscriber.Tell(message, ActorRefs.NoSender);
            }
        }
    }
}
