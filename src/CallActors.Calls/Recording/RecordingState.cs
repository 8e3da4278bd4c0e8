using CallActors.Recording;

namespace CallActors.Calls.Recording;

/// <summary>One recording of a call, as the call records it and the API shows it: what was asked (format, layout, time
/// limit, minimum length, upload URL, label), where it is, and what happened (times, length, size, checksum, upload
/// attempts and the last error). Immutable; <see cref="RecordingStateMachine"/> makes the next one.</summary>
public sealed record RecordingState
{
    public required string Id { get; init; }

    public required string CallId { get; init; }

    public required RecordingFormat Format { get; init; }

    public required RecordingLayout Layout { get; init; }

    public required TimeSpan TimeLimit { get; init; }

    public TimeSpan MinLength { get; init; }

    /// <summary>Where the file is PUT (the request's url with Kazoo's <c>call_recording_&lt;CALL_ID&gt;.&lt;ext&gt;</c>
    /// appended); null keeps it in the node's data folder.</summary>
    public string? UploadUrl { get; init; }

    public string? Label { get; init; }

    /// <summary>Who started it: <c>api</c> or <c>route:&lt;name&gt;</c> (a route's record_call).</summary>
    public required string Origin { get; init; }

    public int MaxAttempts { get; init; } = 5;

    public RecordingStatus Status { get; init; } = RecordingStatus.Recording;

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public RecordingStopReason? StopReason { get; init; }

    public double? DurationSeconds { get; init; }

    public long? SizeBytes { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>The encoded file on this node (kept until it is delivered; null once removed).</summary>
    public string? LocalPath { get; init; }

    public int Attempts { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset? StoredAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public string Extension => Format.ToWireName();

    /// <summary>True once nothing more will happen to it: stored, discarded, failed, or an upload that gave up.</summary>
    public bool IsSettled => Status is RecordingStatus.Stored or RecordingStatus.Discarded or RecordingStatus.Failed
        || (Status == RecordingStatus.UploadFailed && NextAttemptAt is null);

    /// <summary>True while audio is being captured.</summary>
    public bool IsCapturing => Status == RecordingStatus.Recording;

    /// <summary>The file name of a recording delivered to <paramref name="url"/> (Kazoo's rule: literal concatenation, so a
    /// url should end with '/'; a url that ends with '=' takes the name as that parameter's value).</summary>
    public static string UploadUrlFor(string url, string callId, RecordingFormat format)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url + "call_recording_" + Uri.EscapeDataString(callId) + "." + format.ToWireName();
    }
}
