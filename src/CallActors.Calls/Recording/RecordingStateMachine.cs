namespace CallActors.Calls.Recording;

/// <summary>The recording rules, as a pure function from a state and an input to the next state (Kazoo's record_call
/// and media_recording, reference §3.8). An input that means nothing in the current state returns the same instance,
/// so the caller can tell "nothing changed" by reference.</summary>
/// <remarks>
/// <list type="bullet">
/// <item>recording → stopping on any stop; the reason and time are kept.</item>
/// <item>stopping → discarded when shorter than the minimum length; → stored (in the data folder) without an upload
/// url; → uploading with one; → failed when it cannot be encoded.</item>
/// <item>uploading → stored on 2xx; → upload_failed after each failure, with the next attempt due after the backoff
/// (first-retry × 2^(attempts−1), capped) while attempts remain, and with no next attempt once they are spent.</item>
/// <item>upload_failed (retrying) → uploading when the retry starts.</item>
/// </list>
/// </remarks>
public static class RecordingStateMachine
{
    public static RecordingState Apply(RecordingState state, RecordingInput input, RecordingRetryPolicy retry)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(retry);
        var next = (state.Status, input) switch
        {
            (RecordingStatus.Recording, RecordingStopRequested stop) =>
                state with { Status = RecordingStatus.Stopping, StoppedAt = stop.At, StopReason = stop.Reason },
            (RecordingStatus.Stopping, RecordingEncoded encoded) => Encoded(state, encoded),
            (RecordingStatus.Stopping, RecordingEncodingFailed failed) =>
                state with { Status = RecordingStatus.Failed, LastError = failed.Error },
            (RecordingStatus.UploadFailed, RecordingUploadStarted) when state.NextAttemptAt is not null =>
                state with { Status = RecordingStatus.Uploading, NextAttemptAt = null },
            (RecordingStatus.Uploading, RecordingUploaded uploaded) =>
                state with { Status = RecordingStatus.Stored, Attempts = state.Attempts + 1, StoredAt = uploaded.At, LastError = null },
            (RecordingStatus.Uploading, RecordingUploadFailed failed) => UploadFailed(state, failed, retry),
            _ => state,
        };
        return ReferenceEquals(next, state) ? state : next with { UpdatedAt = input.At };
    }

    private static RecordingState Encoded(RecordingState state, RecordingEncoded encoded)
    {
        var withFile = state with
        {
            DurationSeconds = encoded.DurationSeconds,
            SizeBytes = encoded.SizeBytes,
            Sha256 = encoded.Sha256,
            LocalPath = encoded.LocalPath,
        };
        if (encoded.DurationSeconds < state.MinLength.TotalSeconds)
        {
            return withFile with { Status = RecordingStatus.Discarded, LocalPath = null };
        }
        return state.UploadUrl is null
            ? withFile with { Status = RecordingStatus.Stored, StoredAt = encoded.At }
            : withFile with { Status = RecordingStatus.Uploading };
    }

    private static RecordingState UploadFailed(RecordingState state, RecordingUploadFailed failed, RecordingRetryPolicy retry)
    {
        var attempts = state.Attempts + 1;
        return state with
        {
            Status = RecordingStatus.UploadFailed,
            Attempts = attempts,
            LastError = failed.Error,
            NextAttemptAt = attempts < state.MaxAttempts ? failed.At + retry.DelayAfter(attempts) : null,
        };
    }
}

/// <summary>How long to wait before the next upload attempt: <paramref name="FirstRetry"/> after the first failure,
/// doubling after each one, never more than <paramref name="MaxRetry"/>.</summary>
public sealed record RecordingRetryPolicy(TimeSpan FirstRetry, TimeSpan MaxRetry)
{
    public static RecordingRetryPolicy Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5));

    /// <summary>The wait after <paramref name="failedAttempts"/> failures (1 → FirstRetry).</summary>
    public TimeSpan DelayAfter(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ticks = FirstRetry.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxRetry.Ticks ? MaxRetry : TimeSpan.FromTicks((long)ticks);
    }
}
