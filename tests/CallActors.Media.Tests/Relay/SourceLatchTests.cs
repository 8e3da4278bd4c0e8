using System.Net;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

public sealed class SourceLatchTests
{
    private const long RelearnAfter = 2_000;

    private static readonly RelayAddress Advertised = Address("192.0.2.10:4000");
    private static readonly RelayAddress Nat = Address("198.51.100.7:61000");
    private static readonly RelayAddress Flooder = Address("203.0.113.66:5555");

    [Fact]
    public void The_first_source_latches_even_when_it_is_not_the_advertised_one()
    {
        var latch = new SourceLatch(RelearnAfter);

        Assert.True(latch.Admit(Nat, Advertised, generation: 1, now: 0));

        Assert.True(latch.TryGetSource(1, out var source));
        Assert.Equal(Nat, source);
        Assert.Equal(IPEndPoint.Parse("198.51.100.7:61000"), latch.GetLatched(1));
    }

    [Fact]
    public void Another_source_is_refused_while_the_latched_one_talks()
    {
        var latch = new SourceLatch(RelearnAfter);
        latch.Admit(Nat, Advertised, 1, now: 0);

        Assert.False(latch.Admit(Flooder, Advertised, 1, now: 1_000));
        Assert.True(latch.Admit(Nat, Advertised, 1, now: 1_500));
        Assert.False(latch.Admit(Flooder, Advertised, 1, now: 3_000)); // 1,500 since Nat last spoke

        latch.TryGetSource(1, out var source);
        Assert.Equal(Nat, source);
    }

    [Fact]
    public void The_advertised_endpoint_takes_the_latch_from_whoever_came_first()
    {
        var latch = new SourceLatch(RelearnAfter);
        latch.Admit(Flooder, Advertised, 1, now: 0);

        Assert.True(latch.Admit(Advertised, Advertised, 1, now: 10));
        Assert.False(latch.Admit(Flooder, Advertised, 1, now: 20));

        latch.TryGetSource(1, out var source);
        Assert.Equal(Advertised, source);
    }

    [Fact]
    public void A_new_source_takes_over_after_the_latched_one_was_silent_for_the_relearn_interval()
    {
        var latch = new SourceLatch(RelearnAfter);
        latch.Admit(Nat, Advertised, 1, now: 0);

        Assert.False(latch.Admit(Flooder, Advertised, 1, now: RelearnAfter - 1));
        Assert.True(latch.Admit(Flooder, Advertised, 1, now: RelearnAfter));
        Assert.False(latch.Admit(Nat, Advertised, 1, now: RelearnAfter + 1));
    }

    [Fact]
    public void A_new_peer_generation_starts_latching_over()
    {
        var latch = new SourceLatch(RelearnAfter);
        latch.Admit(Nat, Advertised, 1, now: 0);

        Assert.False(latch.TryGetSource(2, out _));
        Assert.Null(latch.GetLatched(2));
        Assert.True(latch.Admit(Flooder, Advertised, 2, now: 1));
        Assert.Equal(IPEndPoint.Parse("203.0.113.66:5555"), latch.GetLatched(2));
    }

    private static RelayAddress Address(string endPoint) => RelayAddress.From(IPEndPoint.Parse(endPoint));
}
