namespace CallActors.Actors;

/// <summary>Implemented by actors that set messages aside; the kernel fills <see cref="Stash"/> at creation.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}

/// <summary>Messages set aside to be handled later, in the order they arrived.</summary>
public interface IStash
{
    /// <summary>Sets the message being handled aside.</summary>
    void Stash();

    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();

    /// <summary>Puts every stashed message back at the front of the mailbox, keeping their order.</summary>
    void UnstashAll();

    /// <summary>Drops every stashed message (to dead letters).</summary>
    void ClearStash();

    int Count { get; }
}
