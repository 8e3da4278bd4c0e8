namespace CallActors.Actors.Internal;

/// <summary>The stash of one actor; lives as long as the cell so it survives restarts.</summary>
internal sealed class Stash(ActorCell cell, int capacity) : IStash
{
    private readonly List<Envelope> _stashed = [];

    public int Count => _stashed.Count;

    void IStash.Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null)
        {
            throw new InvalidOperationException("Stash() can only be called while handling a message");
        }

        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message) && ReferenceEquals(_stashed[^1].Sender, current.Sender))
        {
            throw new StashOverflowException($"{cell.Path}: the same message was stashed twice");
        }

        if (capacity > 0 && _stashed.Count >= capacity)
        {
            throw new StashOverflowException($"{cell.Path}: stash capacity {capacity} exceeded");
        }

        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed.Count == 0)
        {
            return;
        }

        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.PrependToMailbox([first]);
    }

    public void UnstashAll() => PrependAllToMailbox();

    public void ClearStash() => DropAll();

    internal void PrependAllToMailbox()
    {
        cell.PrependToMailbox(_stashed);
        _stashed.Clear();
    }

    internal void DropAll()
    {
        foreach (var envelope in _stashed)
        {
            cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, cell.Self);
        }

        _stashed.Clear();
    }
}
