using CallActors.Calls.Recording;
using CallActors.Recording;

namespace CallActors.Node.Configuration;

/// <summary><c>callactors.recording</c> (hocon/recording.conf): where recordings go, their defaults and limits, and how
/// uploads are retried.</summary>
public sealed class RecordingSettings
{
    public string Directory { get; set; } = "recordings";

    public RecordingFormat Format { get; set; } = RecordingFormat.Wav;

    public RecordingLayout Layout { get; set; } = RecordingLayout.Stereo;

    public TimeSpan MaxTimeLimit { get; set; } = TimeSpan.FromSeconds(10_800);

    public int RecordMinSec { get; set; }

    public string Lame { get; set; } = "lame";

    public RecordingUploadSettings Upload { get; set; } = new();

    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory))
        {
            yield return ("callactors.recording.directory", "must not be empty");
        }
        if (MaxTimeLimit < TimeSpan.FromSeconds(1) || MaxTimeLimit > TimeSpan.FromHours(24))
        {
            yield return ("callactors.recording.max-time-limit", "must be between 1s and 24h");
        }
        if (RecordMinSec < 0)
        {
            yield return ("callactors.recording.record-min-sec", "must not be negative");
        }
        if (string.IsNullOrWhiteSpace(Lame))
        {
            yield return ("callactors.recording.lame", "must name the lame program");
        }
        if (Upload.Attempts is < 1 or > 100)
        {
            yield return ("callactors.recording.upload.attempts", $"{Upload.Attempts} must be between 1 and 100");
        }
        if (Upload.FirstRetry < TimeSpan.FromMilliseconds(10))
        {
            yield return ("callactors.recording.upload.first-retry", "must be at least 10ms");
        }
        if (Upload.MaxRetry < Upload.FirstRetry)
        {
            yield return ("callactors.recording.upload.max-retry", "must be at least first-retry");
        }
        if (Upload.Timeout < TimeSpan.FromSeconds(1))
        {
            yield return ("callactors.recording.upload.timeout", "must be at least 1s");
        }
    }

    /// <summary>The options the call actors use; a relative directory is inside the data folder.</summary>
    public RecordingOptions ToRecordingOptions(string dataDir) => new()
    {
        Directory = Path.GetFullPath(Path.Combine(dataDir, Directory)),
        DefaultFormat = Format,
        DefaultLayout = Layout,
        MaxTimeLimit = MaxTimeLimit,
        DefaultMinSeconds = RecordMinSec,
        UploadAttempts = Upload.Attempts,
        Retry = new RecordingRetryPolicy(Upload.FirstRetry, Upload.MaxRetry),
        UploadTimeout = Upload.Timeout,
        LameProgram = Lame,
    };
}

public sealed class RecordingUploadSettings
{
    public int Attempts { get; set; } = 5;

    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>A route's <c>record-call</c> (Kazoo's record_call callflow action): the route's answered calls are recorded.</summary>
public sealed class RouteRecordingSettings
{
    public RecordingFormat? Format { get; set; }

    public RecordingLayout? Layout { get; set; }

    public int? TimeLimit { get; set; }

    public string Url { get; set; } = "";

    public int? RecordMinSec { get; set; }

    public string Label { get; set; } = "";

    public RecordingRequest ToRequest() => new()
    {
        Format = Format,
        Layout = Layout,
        TimeLimitSeconds = TimeLimit,
        Url = Url.Length == 0 ? null : Url,
        MinSeconds = RecordMinSec,
        Label = Label.Length == 0 ? null : Label,
    };
}
