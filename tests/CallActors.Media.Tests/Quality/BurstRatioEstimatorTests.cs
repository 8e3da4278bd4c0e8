using CallActors.Media.Quality;

namespace CallActors.Media.Tests.Quality;

// BurstR = 1/(p + q) with p = P(lost | previous received), q = P(received | previous lost)
// (reference/media-quality.md §3.2); exact cases are counted by hand, the random ones use seeded generators.
public sealed class BurstRatioEstimatorTests
{
    [Fact]
    public void No_loss_is_a_burst_ratio_of_one()
    {
        var estimator = new BurstRatioEstimator();
        for (var seq = 0; seq < 100; seq++)
        {
            estimator.OnPacket((ushort)seq);
        }

        Assert.Equal(1, estimator.BurstRatio);
        Assert.Equal(0, estimator.LossAfterReceivedProbability);
        Assert.Null(estimator.ReceivedAfterLossProbability);
        Assert.Equal((100, 0, 0), (estimator.Received, estimator.Lost, estimator.Bursts));
    }

    [Fact]
    public void One_two_packet_burst_in_ten_packets()
    {
        // R R R R L L R R R R: RR 6, RL 1, LL 1, LR 1, so p = 1/7, q = 1/2 and BurstR = 14/9.
        var estimator = new BurstRatioEstimator();
        foreach (var seq in new ushort[] { 1, 2, 3, 4, 7, 8, 9, 10 })
        {
            estimator.OnPacket(seq);
        }

        Assert.Equal(1 / 7.0, estimator.LossAfterReceivedProbability!.Value, 12);
        Assert.Equal(0.5, estimator.ReceivedAfterLossProbability!.Value, 12);
        Assert.Equal(14 / 9.0, estimator.BurstRatio, 12);
        Assert.Equal((8, 2, 1), (estimator.Received, estimator.Lost, estimator.Bursts));
    }

    [Fact]
    public void Isolated_losses_give_one_whatever_the_rate()
    {
        // R L R L R R: RL 2, LR 2, RR 1 → p = 2/3, q = 1 → 1/(p + q) = 0.6, which is below the G.107 domain: 1.
        var estimator = new BurstRatioEstimator();
        foreach (var received in new[] { true, false, true, false, true, true })
        {
            estimator.Record(received);
        }

        Assert.Equal(2 / 3.0, estimator.LossAfterReceivedProbability!.Value, 12);
        Assert.Equal(1, estimator.ReceivedAfterLossProbability);
        Assert.Equal(1, estimator.BurstRatio);
        Assert.Equal(2, estimator.Bursts);
    }

    [Fact]
    public void Duplicates_and_late_packets_are_ignored_and_the_sequence_wraps()
    {
        var estimator = new BurstRatioEstimator();
        foreach (var seq in new ushort[] { 65533, 65534, 1, 1, 65535, 2, 3 })
        {
            estimator.OnPacket(seq);
        }

        // 65533 65534 [65535 0 lost] 1 2 3: the late 65535 and the duplicate 1 change nothing; RR 3, RL 1, LL 1, LR 1.
        Assert.Equal((5, 2, 1), (estimator.Received, estimator.Lost, estimator.Bursts));
        Assert.Equal(0.25, estimator.LossAfterReceivedProbability!.Value, 12);
        Assert.Equal(0.5, estimator.ReceivedAfterLossProbability!.Value, 12);
    }

    [Fact]
    public void A_sender_restart_is_not_loss()
    {
        var estimator = new BurstRatioEstimator();
        foreach (var seq in new ushort[] { 100, 101, 102, 20000, 20001 })
        {
            estimator.OnPacket(seq);
        }

        Assert.Equal((5, 0), (estimator.Received, estimator.Lost));
        Assert.Equal(1, estimator.BurstRatio);
    }

    [Fact]
    public void Random_loss_reads_about_one()
    {
        var random = new Random(7);
        var estimator = new BurstRatioEstimator();
        for (var i = 0; i < 100_000; i++)
        {
            estimator.Record(random.NextDouble() >= 0.05);
        }

        // Bernoulli loss: p ≈ 0.05, q ≈ 0.95, so p + q ≈ 1.
        var sum = estimator.LossAfterReceivedProbability!.Value + estimator.ReceivedAfterLossProbability!.Value;
        Assert.InRange(sum, 0.98, 1.02);
        Assert.InRange(estimator.BurstRatio, 1, 1.02);
    }

    [Fact]
    public void Gilbert_loss_reads_its_burst_ratio()
    {
        // A two-state source with p = 0.01 and q = 0.25 has BurstR 1/0.26 ≈ 3.85 (mean burst 4 packets, 3.8 % loss).
        var random = new Random(11);
        var estimator = new BurstRatioEstimator();
        var received = true;
        for (var i = 0; i < 400_000; i++)
        {
            received = received ? random.NextDouble() >= 0.01 : random.NextDouble() < 0.25;
            estimator.Record(received);
        }

        Assert.InRange(estimator.BurstRatio, 3.6, 4.1);
        Assert.InRange((double)estimator.Lost / (estimator.Lost + estimator.Received), 0.034, 0.043);
    }

    [Fact]
    public void Reset_forgets_the_pattern()
    {
        var estimator = new BurstRatioEstimator();
        foreach (var seq in new ushort[] { 1, 2, 5, 6 })
        {
            estimator.OnPacket(seq);
        }

        estimator.Reset();
        estimator.OnPacket(9000);
        estimator.OnPacket(9001);

        Assert.Equal((2, 0, 0), (estimator.Received, estimator.Lost, estimator.Bursts));
        Assert.Equal(1, estimator.BurstRatio);
    }
}
