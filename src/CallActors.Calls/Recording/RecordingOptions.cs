using CallActors.Recording;

namespace CallActors.Calls.Recording;

/// <summary>How the node records calls (hocon/recording.conf, <c>callactors.recording</c>).</summary>
public sealed record RecordingOptions
{
    /// <summary>Where captures and encoded files live until they are delivered (and for good without an upload url).</summary>
    public string Directory { get; init; } = "recordings";

    public RecordingFormat DefaultFormat { get; init; } = RecordingFormat.Wav;

    public RecordingLayout DefaultLayout { get; init; } = RecordingLayout.Stereo;

    /// <summary>Kazoo's <c>max_recording_time_limit</c>: the default and the cap of a recording's time limit.</summary>
    public TimeSpan MaxTimeLimit { get; init; } = TimeSpan.FromSeconds(10_800);

    public int DefaultMinSeconds { get; init; }

    /// <summary>Upload attempts before a recording is left as upload_failed (Kazoo's storage_retry_times).</summary>
    public int UploadAttempts { get; init; } = 5;

    public RecordingRetryPolicy Retry { get; init; } = RecordingRetryPolicy.Default;

    /// <summary>One upload attempt longer than this fails (and is retried).</summary>
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The MP3 encoder program (a path, or a name looked up on PATH).</summary>
    public string LameProgram { get; init; } = "lame";
}
