using System.Runtime.Versioning;
using CallActors.Recording.Tests.Infrastructure;

namespace CallActors.Recording.Tests;

public sealed class Mp3EncodingTests
{
    private const int Samples = 3 * 8000;

    [LameFact]
    public async Task Stereo_mp3_plays_the_callers_sweep_on_the_left_and_silence_on_the_right()
    {
        var lame = Lame.Require();
        using var folder = new TempDirectory();
        var caller = TestTones.Sweep(Samples, 300, 1500, 12_000);
        var audio = PcmFile.WriteCapture(folder.File("capture"), caller, new short[Samples]);

        var (recording, decoded) = await EncodeAndDecodeAsync(folder, audio, RecordingLayout.Stereo, lame);

        Assert.Equal(2, decoded.Channels);
        var left = decoded.Channel(0);
        Assert.True(TestTones.BestCorrelation(caller, left, maxLag: 2000) > 0.8, "the left channel carries the caller's sweep");
        Assert.True(TestTones.Rms(decoded.Channel(1)) < 0.01 * TestTones.Rms(left), "the right channel is silent");
        Assert.Equal(3.0, recording.DurationSeconds);
    }

    [LameFact]
    public async Task Mono_mp3_plays_the_mix_of_both_sides()
    {
        var lame = Lame.Require();
        using var folder = new TempDirectory();
        var caller = TestTones.Sweep(Samples, 300, 1500, 9_000);
        var callee = TestTones.Sweep(Samples, 2500, 700, 6_000);
        var audio = PcmFile.WriteCapture(folder.File("capture"), caller, callee);

        var (recording, decoded) = await EncodeAndDecodeAsync(folder, audio, RecordingLayout.Mono, lame);

        Assert.Equal(1, decoded.Channels);
        short[] mix = [.. caller.Zip(callee).Select(frame => (short)(frame.First + frame.Second))];
        Assert.True(TestTones.BestCorrelation(mix, decoded.Samples, maxLag: 2000) > 0.8, "the file carries both sides");
        Assert.True(TestTones.BestCorrelation(caller, decoded.Samples, maxLag: 2000) < TestTones.BestCorrelation(mix, decoded.Samples, maxLag: 2000));
        Assert.Equal(3.0, recording.DurationSeconds);
    }

    [Fact]
    public async Task Missing_lame_is_reported_naming_the_package_and_leaves_no_file()
    {
        using var folder = new TempDirectory();
        var audio = PcmFile.WriteCapture(folder.File("capture"), new short[800], new short[800]);
        var output = folder.File("call.mp3");

        var error = await Assert.ThrowsAsync<RecordingEncodingException>(() =>
            RecordingEncoder.EncodeAsync(audio, RecordingFormat.Mp3, RecordingLayout.Stereo, output, "/nonexistent/lame", CancellationToken.None));

        Assert.Contains("/nonexistent/lame", error.Message, StringComparison.Ordinal);
        Assert.Contains("install the lame package", error.Message, StringComparison.Ordinal);
        Assert.Equal(["capture"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("cat > /dev/null; echo 'boom: bad sample rate' >&2; exit 3")]
    [InlineData("echo 'boom: bad sample rate' >&2; exit 3")] // exits without reading: the PCM meets a broken pipe
    [UnsupportedOSPlatform("windows")]
    public async Task Failing_lame_is_reported_with_its_exit_code_and_error_output_and_leaves_no_file(string script)
    {
        using var folder = new TempDirectory();
        var fakeLame = folder.File("lame");
        File.WriteAllText(fakeLame, $"#!/bin/sh\n{script}\n");
        File.SetUnixFileMode(fakeLame, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Ten seconds of stereo PCM is far more than a pipe's buffer.
        var audio = PcmFile.WriteCapture(folder.File("capture"), new short[80_000], new short[80_000]);
        var output = folder.File("call.mp3");

        var error = await Assert.ThrowsAsync<RecordingEncodingException>(() =>
            RecordingEncoder.EncodeAsync(audio, RecordingFormat.Mp3, RecordingLayout.Stereo, output, fakeLame, CancellationToken.None));

        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom: bad sample rate", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    private static async Task<(EncodedRecording Recording, WavContents Decoded)> EncodeAndDecodeAsync(TempDirectory folder, CapturedAudio audio, RecordingLayout layout, string lame)
    {
        var output = folder.File("call.mp3");
        var recording = await RecordingEncoder.EncodeAsync(audio, RecordingFormat.Mp3, layout, output, lame, CancellationToken.None);
        Assert.Equal(new FileInfo(output).Length, recording.SizeBytes);
        Assert.False(File.Exists(output + ".partial"));

        var decodedPath = folder.File("decoded.wav");
        await Lame.DecodeAsync(lame, output, decodedPath);
        var decoded = WavContents.Read(decodedPath);
        Assert.Equal(8000, decoded.SampleRate);
        Assert.InRange(decoded.DurationSeconds, recording.DurationSeconds - 0.1, recording.DurationSeconds + 0.1);
        return (recording, decoded);
    }
}
