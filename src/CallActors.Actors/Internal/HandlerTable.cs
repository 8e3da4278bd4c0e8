namespace CallActors.Actors.Internal;

/// <summary>The ordered handler list of a ReceiveActor behaviour: the first match wins.</summary>
internal sealed class HandlerTable
{
    private IMessageHandler[] _handlers = [];

    public void Add(IMessageHandler handler)
    {
        var grown = new IMessageHandler[_handlers.Length + 1];
        _handlers.CopyTo(grown, 0);
        grown[^1] = handler;
        _handlers = grown;
    }

    /// <summary>
    /// Runs <paramref name="configure"/> with <paramref name="building"/> pointing at a fresh table,
    /// so the Receive/Command calls it makes register there (how Become builds a behaviour).
    /// </summary>
    public static HandlerTable Collect(ref HandlerTable building, Action configure)
    {
        var previous = building;
        var table = new HandlerTable();
        building = table;
        try
        {
            configure();
        }
        finally
        {
            building = previous;
        }

        return table;
    }

    public bool Handle(object message)
    {
        foreach (var handler in _handlers)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }
}

internal interface IMessageHandler
{
    bool TryHandle(object message);
}

internal sealed class SyncHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : IMessageHandler
{
    public bool TryHandle(object message)
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            handler(typed);
            return true;
        }

        return false;
    }
}

internal sealed class AsyncHandler<T>(ActorCell cell, Func<T, Task> handler, Predicate<T>? shouldHandle) : IMessageHandler
{
    public bool TryHandle(object message)
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            cell.RunAsyncHandler(() => handler(typed));
            return true;
        }

        return false;
    }
}
