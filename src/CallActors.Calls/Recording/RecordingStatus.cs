using System.Text.Json.Serialization;

namespace CallActors.Calls.Recording;

/// <summary>Where one recording of a call is: recording → stopping → uploading → stored, or discarded (shorter than
/// its minimum), upload_failed (retrying while <see cref="RecordingState.NextAttemptAt"/> is set, given up when not) or
/// failed (the audio could not be encoded).</summary>
public enum RecordingStatus
{
    Recording,
    Stopping,
    Uploading,
    [JsonStringEnumMemberName("upload_failed")]
    UploadFailed,
    Stored,
    Discarded,
    Failed,
}

/// <summary>Why a recording stopped.</summary>
public enum RecordingStopReason
{
    Api,
    [JsonStringEnumMemberName("time_limit")]
    TimeLimit,
    Hangup,
    [JsonStringEnumMemberName("node_restarted")]
    NodeRestarted,
}

/// <summary>The names the API and the events use for the recording enums.</summary>
public static class RecordingStatusNames
{
    public static string ToWireName(this RecordingStatus status) => status switch
    {
        RecordingStatus.Recording => "recording",
        RecordingStatus.Stopping => "stopping",
        RecordingStatus.Uploading => "uploading",
        RecordingStatus.UploadFailed => "upload_failed",
        RecordingStatus.Stored => "stored",
        RecordingStatus.Discarded => "discarded",
        RecordingStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string ToWireName(this RecordingStopReason reason) => reason switch
    {
        RecordingStopReason.Api => "api",
        RecordingStopReason.TimeLimit => "time_limit",
        RecordingStopReason.Hangup => "hangup",
        RecordingStopReason.NodeRestarted => "node_restarted",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
