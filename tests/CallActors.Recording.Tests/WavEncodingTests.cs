using System.Security.Cryptography;
using CallActors.Media.Packets;
using CallActors.Recording.Tests.Infrastructure;

namespace CallActors.Recording.Tests;

public sealed class WavEncodingTests
{
    // Not a multiple of the encoder's block, so the last block is a partial one.
    private const int Samples = 20_003;

    [Theory]
    [InlineData(RecordingLayout.Stereo, 2)]
    [InlineData(RecordingLayout.Mono, 1)]
    public async Task Wav_has_a_canonical_header_and_every_sample(RecordingLayout layout, int channels)
    {
        using var folder = new TempDirectory();
        var caller = TestTones.Sweep(Samples, 300, 1500, 9000);
        var callee = TestTones.Sweep(Samples, 2000, 600, 5000);
        var audio = PcmFile.WriteCapture(folder.File("capture"), caller, callee);
        var output = folder.File("call.wav");

        var recording = await RecordingEncoder.EncodeAsync(audio, RecordingFormat.Wav, layout, output, "lame", CancellationToken.None);

        var bytes = File.ReadAllBytes(output);
        var wav = WavContents.Read(output);
        var dataSize = Samples * channels * 2;
        Assert.Equal(44 + dataSize, bytes.Length);
        Assert.Equal(36 + dataSize, wav.RiffSize);
        Assert.Equal(1, wav.FormatTag);
        Assert.Equal(channels, wav.Channels);
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(8000 * channels * 2, wav.ByteRate);
        Assert.Equal(channels * 2, wav.BlockAlign);
        Assert.Equal(16, wav.BitsPerSample);
        Assert.Equal(44, wav.DataOffset);
        Assert.Equal(dataSize, wav.DataSize);
        short[] expected = layout == RecordingLayout.Stereo
            ? [.. caller.Zip(callee).SelectMany(frame => new[] { frame.First, frame.Second })]
            : [.. caller.Zip(callee).Select(frame => (short)(frame.First + frame.Second))];
        Assert.Equal(expected, wav.Samples);
        Assert.Equal(new EncodedRecording(output, bytes.Length, Samples / 8000.0, Convert.ToHexStringLower(SHA256.HashData(bytes))), recording);
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Stereo_keeps_a_tone_on_the_caller_channel_and_silence_on_the_callee_channel()
    {
        await using var harness = new CaptureHarness();
        var tone = TestTones.Sweep(8000, 400, 1200, 8000);
        for (var k = 0; k < 50; k++)
        {
            var payload = tone.AsSpan(k * 160, 160).ToArray().Select(G711.EncodeMuLaw).ToArray();
            var header = new RtpHeader(PayloadTypes.Pcmu, (ushort)k, (uint)(k * 160), 0xCAFE);
            var packet = new byte[RtpPacketWriter.GetLength(header, payload.Length)];
            RtpPacketWriter.Write(packet, header, payload);
            harness.Send(0, packet, 250 + (20 * k));
        }

        var audio = await harness.CompleteAsync(1500);
        using var folder = new TempDirectory();
        var output = folder.File("call.wav");

        await RecordingEncoder.EncodeAsync(audio, RecordingFormat.Wav, RecordingLayout.Stereo, output, "lame", CancellationToken.None);

        var wav = WavContents.Read(output);
        var left = wav.Channel(0);
        Assert.Equal(12_000, wav.Frames);
        Assert.All(left[..2000], sample => Assert.Equal(0, sample));
        Assert.True(TestTones.BestCorrelation(tone, left[2000..10_000], maxLag: 0) > 0.99, "the caller's tone starts 250 ms in");
        Assert.All(left[10_000..], sample => Assert.Equal(0, sample));
        Assert.All(wav.Channel(1), sample => Assert.Equal(0, sample));
    }

    [Fact]
    public async Task Mono_mix_saturates_instead_of_wrapping()
    {
        using var folder = new TempDirectory();
        short[] caller = [30_000, -30_000, 1_000, 32_767, -32_768, 12];
        short[] callee = [30_000, -30_000, -1_000, 1, -1, 30];
        var audio = PcmFile.WriteCapture(folder.File("capture"), caller, callee);
        var output = folder.File("call.wav");

        await RecordingEncoder.EncodeAsync(audio, RecordingFormat.Wav, RecordingLayout.Mono, output, "lame", CancellationToken.None);

        Assert.Equal([32_767, -32_768, 0, 32_767, -32_768, 42], WavContents.Read(output).Samples);
    }

    [Fact]
    public async Task Encoding_replaces_an_existing_file_whole()
    {
        using var folder = new TempDirectory();
        var audio = PcmFile.WriteCapture(folder.File("capture"), [1, 2, 3], [4, 5, 6]);
        var output = folder.File("call.wav");
        File.WriteAllBytes(output, new byte[10_000]);

        var recording = await RecordingEncoder.EncodeAsync(audio, RecordingFormat.Wav, RecordingLayout.Stereo, output, "lame", CancellationToken.None);

        Assert.Equal(44 + 12, recording.SizeBytes);
        Assert.Equal([1, 4, 2, 5, 3, 6], WavContents.Read(output).Samples);
    }

    [Fact]
    public async Task Cancelled_encoding_leaves_no_file_behind()
    {
        using var folder = new TempDirectory();
        var audio = PcmFile.WriteCapture(folder.File("capture"), new short[Samples], new short[Samples]);
        var output = folder.File("call.wav");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            RecordingEncoder.EncodeAsync(audio, RecordingFormat.Wav, RecordingLayout.Stereo, output, "lame", new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFiles(folder.Path));
    }
}
