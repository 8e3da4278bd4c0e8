using CallActors.TestKit;

namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>A capture in a temp folder with a clock in milliseconds since the recording's start.</summary>
internal sealed class CaptureHarness : IAsyncDisposable
{
    public const long StartUnixNanos = 1_700_000_000_000_000_000;
    public const int SamplesPerMillisecond = 8;

    private readonly TempDirectory _folder = new();

    public CaptureHarness(TimeSpan? timeLimit = null, int queueCapacity = RecordingCapture.DefaultQueueCapacity)
    {
        Directory = _folder.File("capture");
        Capture = RecordingCapture.Start(Directory, StartUnixNanos, timeLimit ?? TimeSpan.FromHours(3), Logger, queueCapacity);
    }

    public string Directory { get; }

    public RecordingCapture Capture { get; }

    public ListLogger<RecordingCapture> Logger { get; } = new();

    public static long At(double milliseconds) => StartUnixNanos + (long)(milliseconds * 1_000_000);

    public void Send(int channel, byte[] packet, double arrivalMilliseconds) => Capture.Write(channel, packet, At(arrivalMilliseconds));

    public Task<CapturedAudio> CompleteAsync(double stopMilliseconds) => Capture.CompleteAsync(At(stopMilliseconds));

    /// <summary>The samples a channel's file holds.</summary>
    public short[] ReadChannel(int channel) => PcmFile.Read(Path.Combine(Directory, channel == 0 ? "caller.pcm" : "callee.pcm"));

    public async ValueTask DisposeAsync()
    {
        await Capture.DisposeAsync();
        _folder.Dispose();
    }
}
