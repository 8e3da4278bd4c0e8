using System.Text.Json;
using CallActors.Media.Packets;
using CallActors.Recording.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Recording.Tests;

/// <summary>What a capture decodes, counts, refuses and leaves behind.</summary>
public sealed class RecordingCaptureTests
{
    private const int Caller = 0;
    private const int Callee = 1;
    private const int PacketSamples = G711Stream.SamplesPerPacket;

    [Fact]
    public async Task Start_writes_the_manifest_and_both_channel_files()
    {
        await using var harness = new CaptureHarness();

        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(harness.Directory, "capture.json")));
        Assert.Equal(CaptureHarness.StartUnixNanos, manifest.RootElement.GetProperty("start_unix_nanos").GetInt64());
        Assert.Equal(8000, manifest.RootElement.GetProperty("sample_rate").GetInt32());
        Assert.True(File.Exists(Path.Combine(harness.Directory, "caller.pcm")));
        Assert.True(File.Exists(Path.Combine(harness.Directory, "callee.pcm")));
    }

    [Fact]
    public async Task Start_refuses_a_folder_that_already_holds_a_capture_and_leaves_its_audio_alone()
    {
        await using var harness = new CaptureHarness();
        harness.Send(Caller, new G711Stream(1, 0, 0, seed: 1).Packet(0), 0);
        await harness.CompleteAsync(100);

        Assert.Throws<IOException>(() => RecordingCapture.Start(harness.Directory, CaptureHarness.StartUnixNanos, TimeSpan.FromHours(1), NullLogger.Instance));
        Assert.Equal(800, harness.ReadChannel(Caller).Length);
    }

    [Fact]
    public async Task Static_and_announced_payload_types_decode_with_their_codec()
    {
        await using var harness = new CaptureHarness();
        harness.Capture.SetPayloadTypes(Callee, new Dictionary<byte, AudioCodec> { [96] = AudioCodec.Pcma, [97] = AudioCodec.Pcmu });
        var pcma = new G711Stream(1, 0, 0, seed: 21, PayloadTypes.Pcma, AudioCodec.Pcma);
        var dynamicPcma = new G711Stream(2, 0, 0, seed: 22, 96, AudioCodec.Pcma);
        var dynamicPcmu = new G711Stream(3, 0, 0, seed: 23, 97, AudioCodec.Pcmu);
        harness.Send(Caller, pcma.Packet(0), 0);
        harness.Send(Callee, dynamicPcma.Packet(0), 0);
        harness.Send(Callee, dynamicPcmu.Packet(0), 100);

        await harness.CompleteAsync(200);

        var expectedCaller = new short[1600];
        pcma.PlaceInto(expectedCaller, 0, 0);
        var expectedCallee = new short[1600];
        dynamicPcma.PlaceInto(expectedCallee, 0, 0);
        dynamicPcmu.PlaceInto(expectedCallee, 0, 800);
        Assert.Equal(expectedCaller, harness.ReadChannel(Caller));
        Assert.Equal(expectedCallee, harness.ReadChannel(Callee));
        Assert.Equal(0, harness.Capture.UndecodablePackets);
    }

    [Fact]
    public async Task Payload_types_are_per_channel_and_replaced_by_the_next_announcement()
    {
        await using var harness = new CaptureHarness();
        harness.Capture.SetPayloadTypes(Callee, new Dictionary<byte, AudioCodec> { [96] = AudioCodec.Pcma });
        var stream = new G711Stream(1, 0, 0, seed: 24, 96, AudioCodec.Pcma);
        harness.Send(Caller, stream.Packet(0), 0);
        harness.Send(Callee, stream.Packet(0), 0);
        harness.Capture.SetPayloadTypes(Callee, new Dictionary<byte, AudioCodec> { [98] = AudioCodec.Pcma });
        harness.Send(Callee, stream.Packet(1), 20);

        await harness.CompleteAsync(100);

        Assert.Equal(2, harness.Capture.UndecodablePackets);
        Assert.All(harness.ReadChannel(Caller), sample => Assert.Equal(0, sample));
        Assert.Equal(stream.Decoded(0), harness.ReadChannel(Callee)[..PacketSamples]);
        Assert.All(harness.ReadChannel(Callee)[PacketSamples..], sample => Assert.Equal(0, sample));
    }

    [Theory]
    [InlineData(18, 1)] // G.729
    [InlineData(101, 1)] // a dynamic type nobody announced (telephone-event, say)
    [InlineData(9, 1)] // G.722
    [InlineData(PayloadTypes.ComfortNoise, 0)]
    public async Task Packets_that_are_not_g711_leave_silence_and_all_but_comfort_noise_are_counted(int payloadType, long undecodable)
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(1, 0, 0, seed: 25, (byte)payloadType);
        for (var k = 0; k < 5; k++)
        {
            harness.Send(Caller, stream.Packet(k), 20 * k);
        }

        await harness.CompleteAsync(200);

        Assert.Equal(5 * undecodable, harness.Capture.UndecodablePackets);
        Assert.All(harness.ReadChannel(Caller), sample => Assert.Equal(0, sample));
    }

    [Fact]
    public async Task Announced_telephone_event_packets_are_counted_as_events_not_undecodable_and_leave_silence()
    {
        await using var harness = new CaptureHarness();
        harness.Capture.SetPayloadTypes(Caller, new Dictionary<byte, AudioCodec>(), eventPayloadTypes: [101]);
        var events = new G711Stream(1, 0, 0, seed: 27, 101);
        var unannounced = new G711Stream(1, 0, 0, seed: 28, 102);
        for (var k = 0; k < 3; k++)
        {
            harness.Send(Caller, events.Packet(k), 20 * k);
        }
        harness.Send(Caller, unannounced.Packet(3), 60);
        harness.Send(Callee, events.Packet(0), 0);

        await harness.CompleteAsync(200);

        // 101 is an event type on the caller's channel only; 102 is nothing announced.
        Assert.Equal(3, harness.Capture.EventPackets);
        Assert.Equal(2, harness.Capture.UndecodablePackets);
        Assert.All(harness.ReadChannel(Caller), sample => Assert.Equal(0, sample));
    }

    [Fact]
    public async Task A_datagram_that_is_not_rtp_is_counted_as_undecodable()
    {
        await using var harness = new CaptureHarness();

        harness.Capture.Write(Caller, [0x40, 0x00, 0x01], CaptureHarness.At(0));
        harness.Capture.Write(Caller, [], CaptureHarness.At(0));
        await harness.CompleteAsync(100);

        Assert.Equal(2, harness.Capture.UndecodablePackets);
    }

    [Fact]
    public async Task Writes_after_complete_are_ignored_and_complete_answers_the_same_audio_again()
    {
        await using var harness = new CaptureHarness();
        var stream = new G711Stream(1, 0, 0, seed: 26);
        harness.Send(Caller, stream.Packet(0), 0);
        var audio = await harness.CompleteAsync(100);

        harness.Send(Caller, stream.Packet(1), 20);
        harness.Send(Caller, [0x00], 40);

        Assert.Same(audio, await harness.CompleteAsync(500));
        Assert.Equal(800, harness.ReadChannel(Caller).Length);
        Assert.All(harness.ReadChannel(Caller)[PacketSamples..], sample => Assert.Equal(0, sample));
        Assert.Equal(0, harness.Capture.UndecodablePackets);
        Assert.Equal(0, harness.Capture.DroppedPackets);
    }

    [Fact]
    public async Task Every_packet_of_a_burst_is_either_recorded_or_counted_as_dropped()
    {
        await using var harness = new CaptureHarness(queueCapacity: 1);
        var stream = new G711Stream(1, 0, 0, seed: 27);
        const int Packets = 500;
        byte[][] packets = [.. Enumerable.Range(0, Packets).Select(k => stream.Packet(k))];
        for (var k = 0; k < Packets; k++)
        {
            harness.Send(Caller, packets[k], 20 * k);
        }

        await harness.CompleteAsync(Packets * 20);

        var written = harness.ReadChannel(Caller);
        var recorded = Enumerable.Range(0, Packets).Count(k => written.AsSpan(k * PacketSamples, PacketSamples).ContainsAnyExcept((short)0));
        Assert.Equal(Packets, recorded + harness.Capture.DroppedPackets);
    }

    [Fact]
    public async Task Recover_after_a_crash_returns_what_was_written_padded_to_the_longer_channel()
    {
        using var folder = new TempDirectory();
        var directory = folder.File("capture");
        var caller = new G711Stream(1, 0, 0, seed: 28);
        var callee = new G711Stream(2, 0, 0, seed: 29);
        var capture = RecordingCapture.Start(directory, CaptureHarness.StartUnixNanos, TimeSpan.FromHours(1), NullLogger.Instance);
        for (var k = 0; k < 50; k++)
        {
            capture.Write(Caller, caller.Packet(k), CaptureHarness.At(20 * k));
            if (k < 20)
            {
                capture.Write(Callee, callee.Packet(k), CaptureHarness.At(20 * k));
            }
        }

        // The process dies: nobody calls CompleteAsync, disposal only releases the files.
        await capture.DisposeAsync();
        var audio = RecordingCapture.Recover(directory);

        var expectedCaller = new short[50 * PacketSamples];
        var expectedCallee = new short[50 * PacketSamples];
        for (var k = 0; k < 50; k++)
        {
            caller.PlaceInto(expectedCaller, k, k * PacketSamples);
            if (k < 20)
            {
                callee.PlaceInto(expectedCallee, k, k * PacketSamples);
            }
        }

        Assert.Equal(new CapturedAudio(directory, 8000, 50 * PacketSamples), audio);
        Assert.Equal(expectedCaller, PcmFile.Read(Path.Combine(directory, "caller.pcm")));
        Assert.Equal(expectedCallee, PcmFile.Read(Path.Combine(directory, "callee.pcm")));
    }

    [Fact]
    public void Recover_refuses_a_folder_whose_manifest_is_not_a_capture()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("capture.json"), "{\"start\":1}");

        Assert.Throws<InvalidDataException>(() => RecordingCapture.Recover(folder.Path));
    }
}
