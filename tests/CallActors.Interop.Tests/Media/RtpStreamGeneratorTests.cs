using CallActors.Media.Packets;

namespace CallActors.Interop.Tests.Media;

/// <summary>The generator alone, no peers: determinism, and that the ground truth matches the packets it scheduled.</summary>
public sealed class RtpStreamGeneratorTests
{
    private static readonly TimeSpan Ptime = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void The_same_profile_and_seed_give_the_same_bytes_and_times_and_another_seed_does_not()
    {
        var profile = new RtpStreamProfile { LossProbability = 0.05, MaxSendJitter = TimeSpan.FromMilliseconds(6), SsrcChangeIndex = 100 };

        var a = RtpStreamGenerator.Generate(profile, seed: 7);
        var b = RtpStreamGenerator.Generate(profile, seed: 7);
        var c = RtpStreamGenerator.Generate(profile, seed: 8);

        Assert.Equal(a.Schedule.Select(p => p.Offset), b.Schedule.Select(p => p.Offset));
        Assert.Equal(a.Schedule.Select(p => Convert.ToHexString(p.Bytes.Span)), b.Schedule.Select(p => Convert.ToHexString(p.Bytes.Span)));
        Assert.Equal(a.Sources, b.Sources);
        Assert.NotEqual(a.Schedule.Select(p => p.Offset), c.Schedule.Select(p => p.Offset));
        Assert.NotEqual(a.Sources[0].Ssrc, c.Sources[0].Ssrc);
    }

    [Fact]
    public void Designed_bursts_and_duplicates_give_the_RFC_3550_loss_across_a_sequence_wrap()
    {
        var stream = RtpStreamGenerator.Generate(
            new RtpStreamProfile
            {
                StartSequence = 65_400,
                Ssrc = 0x1111_1111,
                BurstLosses = [new RtpBurstLoss(100, 3), new RtpBurstLoss(10, 1)],
                Duplicates = [180],
                ReorderSwaps = [150],
            },
            seed: 1);

        var truth = stream.Source(0x1111_1111);
        Assert.Equal(new RtpSourceTruth(0x1111_1111, 65_400, 247, 250, 3, 3, 4, 1, 0), truth);
        Assert.Equal(247, stream.Schedule.Count);
        // Slot 135 carries 65535 and slot 136 wraps to 0.
        Assert.Equal(65_535, stream.Schedule.Single(p => p.Slot == 135).SequenceNumber);
        Assert.Equal(0, stream.Schedule.Single(p => p.Slot == 136).SequenceNumber);
        Assert.DoesNotContain(stream.Schedule, p => p.Slot is 10 or (>= 100 and <= 102));
        Assert.Equal(2, stream.Schedule.Count(p => p.Slot == 180));
    }

    [Fact]
    public void Random_loss_drops_about_the_configured_share_and_never_a_designed_packet()
    {
        var stream = RtpStreamGenerator.Generate(
            new RtpStreamProfile { PacketCount = 10_000, LossProbability = 0.05, Duplicates = [.. Enumerable.Range(0, 100)] },
            seed: 3);

        Assert.InRange(stream.RandomlyDropped, 400, 600);
        Assert.Equal(stream.RandomlyDropped, stream.Dropped);
        Assert.Equal(10_000 - stream.Dropped + 100, stream.Schedule.Count);
        Assert.Equal(200, stream.Schedule.Count(p => p.Slot < 100));
    }

    [Fact]
    public void A_swap_sends_the_later_packet_first_and_jitter_alone_never_reorders()
    {
        var jitter = TimeSpan.FromMilliseconds(30); // more than ptime: the clamp, not the spacing, keeps the order
        var stream = RtpStreamGenerator.Generate(new RtpStreamProfile { ReorderSwaps = [150], MaxSendJitter = jitter }, seed: 5);
        var slots = stream.Schedule.Select(p => p.Slot).ToList();

        Assert.Equal([.. Enumerable.Range(0, 150), 151, 150, .. Enumerable.Range(152, 98)], slots);
        for (var i = 1; i < stream.Schedule.Count; i++)
        {
            Assert.True(stream.Schedule[i].Offset >= stream.Schedule[i - 1].Offset, $"packet {i} leaves before packet {i - 1}");
        }

        Assert.All(stream.Schedule.Where(p => p.Slot < 150), p => Assert.InRange(p.Offset, Ptime * p.Slot, (Ptime * p.Slot) + jitter));
        Assert.Contains(stream.Schedule, p => p.Offset > Ptime * (p.Slot + 0.5));
    }

    [Fact]
    public void A_DTMF_event_follows_RFC_4733_and_voice_resumes_with_a_marker()
    {
        var stream = RtpStreamGenerator.Generate(new RtpStreamProfile { StartTimestamp = 1_000, DtmfEvents = [new RtpDtmfEvent(240, 8, Event: 11)] }, seed: 9);
        var packets = stream.Schedule.Select(p => Parse(p.Bytes)).ToList();

        var dtmf = packets.Skip(240).Take(8).ToList();
        Assert.All(dtmf, p => Assert.Equal(101, p.PayloadType));
        Assert.All(dtmf, p => Assert.Equal(1_000u + (240 * 160), p.Timestamp));
        Assert.Equal([true, false, false, false, false, false, false, false], dtmf.Select(p => p.Marker));
        Assert.Equal([false, false, false, false, false, true, true, true], dtmf.Select(p => p.Event!.Value.End));
        Assert.Equal([160, 320, 480, 640, 800, 960, 960, 960], dtmf.Select(p => (int)p.Event!.Value.Duration));
        Assert.All(dtmf, p => Assert.Equal('#', p.Event!.Value.DtmfDigit));
        // Sequence numbers run on through the event: a DTMF digit is no loss.
        Assert.Equal(Enumerable.Range(0, 250).Select(i => (ushort)(packets[0].Sequence + i)), packets.Select(p => p.Sequence));
        Assert.Equal(((byte)0, true, 1_000u + (248 * 160)), (packets[248].PayloadType, packets[248].Marker, packets[248].Timestamp));
        Assert.False(packets[249].Marker);
        Assert.Equal(8, stream.Sources[0].DtmfPackets);
        Assert.Equal(0, stream.Sources[0].Lost);
    }

    [Fact]
    public void An_SSRC_change_starts_a_new_source_with_its_own_bases_and_truth()
    {
        var stream = RtpStreamGenerator.Generate(
            new RtpStreamProfile { Ssrc = 0x2222_2222, SsrcChangeIndex = 200, BurstLosses = [new RtpBurstLoss(210, 2)] },
            seed: 11);
        var packets = stream.Schedule.Select(p => Parse(p.Bytes)).ToList();

        Assert.Equal(2, stream.Sources.Count);
        var (before, after) = (stream.Sources[0], stream.Sources[1]);
        Assert.Equal(0x2222_2222u, before.Ssrc);
        Assert.NotEqual(before.Ssrc, after.Ssrc);
        Assert.Equal((200, 0), (before.PacketsSent, before.Lost));
        Assert.Equal((48, 2, 2), (after.PacketsSent, after.Lost, after.Dropped));
        Assert.All(packets.Skip(200), p => Assert.Equal(after.Ssrc, p.Ssrc));
        Assert.True(packets[200].Marker);
        Assert.Equal(after.FirstSequence, packets[200].Sequence);
        Assert.Equal((ushort)(after.FirstSequence + 1), packets[201].Sequence);
    }

    [Fact]
    public void Impossible_profiles_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => RtpStreamGenerator.Generate(new RtpStreamProfile { Duplicates = [5], BurstLosses = [new RtpBurstLoss(4, 3)] }, 1));
        Assert.Throws<ArgumentException>(() => RtpStreamGenerator.Generate(new RtpStreamProfile { ReorderSwaps = [249] }, 1));
        Assert.Throws<ArgumentException>(() => RtpStreamGenerator.Generate(new RtpStreamProfile { DtmfEvents = [new RtpDtmfEvent(195, 10)], SsrcChangeIndex = 200 }, 1));
        Assert.Throws<ArgumentException>(() => RtpStreamGenerator.Generate(new RtpStreamProfile { DtmfEvents = [new RtpDtmfEvent(10, 2)] }, 1));
    }

    private static Parsed Parse(ReadOnlyMemory<byte> bytes)
    {
        Assert.True(RtpPacket.TryParse(bytes.Span, out var rtp, out var error), error);
        TelephoneEvent? telephoneEvent = null;
        if (rtp.PayloadType == 101)
        {
            Assert.True(TelephoneEvent.TryParse(rtp.Payload, out var parsed, out error), error);
            telephoneEvent = parsed;
        }
        else
        {
            Assert.Equal(160, rtp.Payload.Length);
        }

        return new Parsed(rtp.PayloadType, rtp.SequenceNumber, rtp.Timestamp, rtp.Ssrc, rtp.Marker, telephoneEvent);
    }

    private sealed record Parsed(byte PayloadType, ushort Sequence, uint Timestamp, uint Ssrc, bool Marker, TelephoneEvent? Event);
}
