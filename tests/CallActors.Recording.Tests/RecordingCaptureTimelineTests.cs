using CallActors.Recording.Tests.Infrastructure;

namespace CallActors.Recording.Tests;

/// <summary>Where packets land: both channels on one clock from the recording's start, gaps as silence.</summary>
public sealed class RecordingCaptureTimelineTests
{
    private const int Caller = 0;
    private const int Callee = 1;
    private const int PacketSamples = G711Stream.SamplesPerPacket;
    private const int Ms = CaptureHarness.SamplesPerMillisecond;

    [Fact]
    public async Task In_order_stream_starts_where_its_first_packet_arrived_and_follows_its_timestamps()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(ssrc: 0x1111, firstTimestamp: 12_345, firstSequence: 100, seed: 1);
        for (var k = 0; k < 50; k++)
        {
            // Arrival jitter of up to 14 ms after the first packet must not move anything.
            harness.Send(Caller, stream.Packet(k), 30 + (20 * k) + (k == 0 ? 0 : (k * 7) % 15));
        }

        var audio = await harness.CompleteAsync(1100);

        var expected = new short[1100 * Ms];
        for (var k = 0; k < 50; k++)
        {
            stream.PlaceInto(expected, k, (30 * Ms) + (k * PacketSamples));
        }

        Assert.Equal(8800, audio.Samples);
        Assert.Equal(1.1, audio.DurationSeconds, 9);
        Assert.Equal(expected, harness.ReadChannel(Caller));
        Assert.Equal(new short[8800], harness.ReadChannel(Callee));
    }

    [Fact]
    public async Task Lost_packets_leave_silence_exactly_where_they_were()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(0x2222, 900, 7, seed: 2);
        var lost = Enumerable.Range(0, 100).Where(k => k % 20 == 7).ToHashSet();
        var expected = new short[2000 * Ms];
        for (var k = 0; k < 100; k++)
        {
            if (!lost.Contains(k))
            {
                harness.Send(Caller, stream.Packet(k), 20 * k);
                stream.PlaceInto(expected, k, k * PacketSamples);
            }
        }

        await harness.CompleteAsync(2000);

        var written = harness.ReadChannel(Caller);
        Assert.Equal(expected, written);
        Assert.All(lost, k => Assert.All(written.AsSpan(k * PacketSamples, PacketSamples).ToArray(), sample => Assert.Equal(0, sample)));
    }

    [Fact]
    public async Task Reordered_and_duplicated_packets_land_in_their_places()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(0x3333, 4_000_000, 65_000, seed: 3);
        // Each group of four arrives as 0, 2, 1, 3, 3: a swap and a duplicate, one millisecond apart.
        int[] groupOrder = [0, 2, 1, 3, 3];
        var arrival = 40.0;
        for (var group = 0; group < 10; group++)
        {
            foreach (var offset in groupOrder)
            {
                harness.Send(Caller, stream.Packet((4 * group) + offset), arrival);
                arrival += offset == 1 ? 1 : 20;
            }
        }

        await harness.CompleteAsync(1000);

        var expected = new short[1000 * Ms];
        for (var k = 0; k < 40; k++)
        {
            stream.PlaceInto(expected, k, (40 * Ms) + (k * PacketSamples));
        }

        Assert.Equal(expected, harness.ReadChannel(Caller));
    }

    [Fact]
    public async Task Packet_reordered_before_the_first_arrival_at_the_start_is_dropped_without_disturbing_the_rest()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(0x3434, 0, 0, seed: 34);
        // Packet 1 arrives at the very start, so packet 0 belongs 20 ms before the recording began.
        harness.Send(Caller, stream.Packet(1), 0);
        harness.Send(Caller, stream.Packet(0), 1);
        harness.Send(Caller, stream.Packet(2), 20);

        await harness.CompleteAsync(100);

        var expected = new short[100 * Ms];
        stream.PlaceInto(expected, 1, 0);
        stream.PlaceInto(expected, 2, PacketSamples);
        Assert.Equal(expected, harness.ReadChannel(Caller));
    }

    [Fact]
    public async Task Timestamp_and_sequence_wrap_keep_the_stream_contiguous()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(0x4444, firstTimestamp: 0xFFFFFF00, firstSequence: 65_530, seed: 4);
        for (var k = 0; k < 20; k++)
        {
            harness.Send(Caller, stream.Packet(k), 100 + (20 * k));
        }

        // A late packet from before the wrap still goes back to its place.
        harness.Send(Caller, stream.Packet(0), 100 + (20 * 20));
        await harness.CompleteAsync(600);

        var expected = new short[600 * Ms];
        for (var k = 0; k < 20; k++)
        {
            stream.PlaceInto(expected, k, (100 * Ms) + (k * PacketSamples));
        }

        Assert.Equal(expected, harness.ReadChannel(Caller));
    }

    [Fact]
    public async Task New_ssrc_mid_stream_starts_where_its_first_packet_arrived()
    {
        await using var harness = new CaptureHarness();
        var before = new G711Stream(0x5555, 1000, 1, seed: 5);
        var after = new G711Stream(0x6666, 0x7000_0000, 30_000, seed: 6);
        for (var k = 0; k < 25; k++)
        {
            harness.Send(Caller, before.Packet(k), 20 * k);
        }

        // The sender restarted after a 200 ms pause with a fresh SSRC and an unrelated timestamp.
        for (var k = 0; k < 25; k++)
        {
            harness.Send(Caller, after.Packet(k), 700 + (20 * k));
        }

        await harness.CompleteAsync(1500);

        var expected = new short[1500 * Ms];
        for (var k = 0; k < 25; k++)
        {
            before.PlaceInto(expected, k, k * PacketSamples);
            after.PlaceInto(expected, k, (700 * Ms) + (k * PacketSamples));
        }

        Assert.Equal(expected, harness.ReadChannel(Caller));
    }

    [Theory]
    [InlineData(800, false)]
    [InlineData(-800, false)]
    [InlineData(80_000, true)]
    [InlineData(-80_000, true)]
    [InlineData(0x7000_0000, true)]
    public async Task Timestamp_jump_over_a_second_is_placed_by_arrival_and_a_smaller_one_by_timestamp(long jump, bool reanchored)
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(0x7777, 50_000, 9, seed: 7);
        for (var k = 0; k < 50; k++)
        {
            harness.Send(Caller, stream.Packet(k, timestampShift: k < 25 ? 0 : jump), 200 + (20 * k));
        }

        await harness.CompleteAsync(1500);

        var expected = new short[1500 * Ms];
        for (var k = 0; k < 50; k++)
        {
            // A small jump is the sender's word for a gap (or an overlap, which the later packets overwrite).
            stream.PlaceInto(expected, k, (200 * Ms) + (k * PacketSamples) + (k < 25 || reanchored ? 0 : jump));
        }

        Assert.Equal(expected, harness.ReadChannel(Caller));
        Assert.Equal(reanchored, harness.Logger.Lines.Any(line => line.Text.Contains("placed by arrival", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Callee_that_starts_late_is_silent_until_its_first_packet_and_aligned_by_arrival()
    {
        await using var harness = new CaptureHarness();
        var caller = new G711Stream(0xA, 0, 0, seed: 8);
        var callee = new G711Stream(0xB, 777_777, 4_321, seed: 9);
        for (var k = 0; k < 100; k++)
        {
            harness.Send(Caller, caller.Packet(k), 20 * k);
            if (k >= 50)
            {
                harness.Send(Callee, callee.Packet(k - 50), (20 * k) + 3);
            }
        }

        var audio = await harness.CompleteAsync(2000);

        var expectedCaller = new short[2000 * Ms];
        var expectedCallee = new short[2000 * Ms];
        for (var k = 0; k < 100; k++)
        {
            caller.PlaceInto(expectedCaller, k, k * PacketSamples);
            if (k >= 50)
            {
                callee.PlaceInto(expectedCallee, k - 50, ((1000 + 3) * Ms) + ((k - 50) * PacketSamples));
            }
        }

        Assert.Equal(16_000, audio.Samples);
        Assert.Equal(expectedCaller, harness.ReadChannel(Caller));
        Assert.Equal(expectedCallee, harness.ReadChannel(Callee));
        Assert.All(harness.ReadChannel(Callee)[..8000], sample => Assert.Equal(0, sample));
    }

    [Fact]
    public async Task Time_limit_cuts_the_audio_and_drops_later_packets()
    {
        await using var harness = new CaptureHarness(timeLimit: TimeSpan.FromSeconds(1));
        var stream = new G711Stream(0xC, 10, 10, seed: 10);
        var unlimited = new short[3000 * Ms];
        for (var k = 0; k < 100; k++)
        {
            // From 10 ms on, so packet 49 straddles the limit and only its first half is kept.
            harness.Send(Caller, stream.Packet(k), 10 + (20 * k));
            stream.PlaceInto(unlimited, k, (10 * Ms) + (k * PacketSamples));
        }

        var audio = await harness.CompleteAsync(2500);

        Assert.Equal(8000, audio.Samples);
        Assert.Equal(unlimited[..8000], harness.ReadChannel(Caller));
        Assert.Equal(8000, harness.ReadChannel(Callee).Length);
        Assert.Equal(0, harness.Capture.DroppedPackets);
    }

    [Fact]
    public async Task Both_channels_are_padded_with_silence_to_the_stop()
    {
        await using var harness = new CaptureHarness();
        var caller = new G711Stream(0xD, 0, 0, seed: 11);
        var callee = new G711Stream(0xE, 0, 0, seed: 12);
        for (var k = 0; k < 25; k++)
        {
            harness.Send(Caller, caller.Packet(k), 20 * k);
        }

        for (var k = 0; k < 10; k++)
        {
            harness.Send(Callee, callee.Packet(k), 100 + (20 * k));
        }

        var audio = await harness.CompleteAsync(1500);

        Assert.Equal(12_000, audio.Samples);
        Assert.Equal(24_000, new FileInfo(Path.Combine(harness.Directory, "caller.pcm")).Length);
        Assert.Equal(24_000, new FileInfo(Path.Combine(harness.Directory, "callee.pcm")).Length);
        Assert.All(harness.ReadChannel(Caller)[(25 * PacketSamples)..], sample => Assert.Equal(0, sample));
        Assert.All(harness.ReadChannel(Callee)[((100 * Ms) + (10 * PacketSamples))..], sample => Assert.Equal(0, sample));
    }
}
