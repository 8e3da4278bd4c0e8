using CallActors.Persistence.Journal;
using static CallActors.Persistence.Tests.Infrastructure.Events;

namespace CallActors.Persistence.Tests.Journal;

public sealed class AtomicWriteTests
{
    [Fact]
    public void Exposes_its_id_and_sequence_range()
    {
        var write = Write("call-1", 4, 6);

        Assert.Equal("call-1", write.PersistenceId);
        Assert.Equal(4, write.LowestSequenceNr);
        Assert.Equal(6, write.HighestSequenceNr);
    }

    [Fact]
    public void Refuses_events_it_could_not_store_atomically()
    {
        Assert.Throws<ArgumentException>(() => new AtomicWrite([]));
        Assert.Contains("contiguous", Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 1), Event("a", 3)])).Message, StringComparison.Ordinal);
        Assert.Contains("one persistence id", Assert.Throws<ArgumentException>(() => new AtomicWrite([Event("a", 1), Event("b", 2)])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_its_own_copy_of_the_events()
    {
        var events = new List<PersistentRepresentation> { Event("a", 1) };
        var write = new AtomicWrite(events);

        events.Add(Event("a", 2));

        Assert.Single(write.Events);
    }
}
