namespace CallActors.Persistence.Journal;

/// <summary>
/// Events of one persistence id written all-or-nothing (Akka's AtomicWrite), with contiguous
/// ascending sequence numbers.
/// </summary>
public sealed record AtomicWrite(IReadOnlyList<PersistentRepresentation> Events)
{
    public AtomicWrite(PersistentRepresentation @event)
        : this([@event])
    {
    }

    /// <summary>A copy of the events given, so a caller changing its list later changes nothing.</summary>
    public IReadOnlyList<PersistentRepresentation> Events { get; } = Validate(Events);

    public string PersistenceId => Events[0].PersistenceId;

    public long LowestSequenceNr => Events[0].SequenceNr;

    public long HighestSequenceNr => Events[^1].SequenceNr;

    private static PersistentRepresentation[] Validate(IReadOnlyList<PersistentRepresentation> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An atomic write needs at least one event.", nameof(events));
        }

        var copy = new PersistentRepresentation[events.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var current = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            if (i > 0)
            {
                var previous = copy[i - 1];
                if (!string.Equals(current.PersistenceId, previous.PersistenceId, StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"An atomic write covers one persistence id, got '{previous.PersistenceId}' and '{current.PersistenceId}'.",
                        nameof(events));
                }

                if (current.SequenceNr != previous.SequenceNr + 1)
                {
                    throw new ArgumentException(
                        $"Sequence numbers of '{current.PersistenceId}' must be contiguous, got {previous.SequenceNr} then {current.SequenceNr}.",
                        nameof(events));
                }
            }

            copy[i] = current;
        }

        return copy;
    }
}
