namespace CallActors.Calls.Recording;

/// <summary>Something that happens to a recording; <see cref="RecordingStateMachine"/> applies it.</summary>
public abstract record RecordingInput(DateTimeOffset At);

/// <summary>Capture ends (API stop, time limit, hangup, node restart): the audio is then encoded.</summary>
public sealed record RecordingStopRequested(RecordingStopReason Reason, DateTimeOffset At) : RecordingInput(At);

/// <summary>The audio is encoded into <paramref name="LocalPath"/>.</summary>
public sealed record RecordingEncoded(string LocalPath, double DurationSeconds, long SizeBytes, string Sha256, DateTimeOffset At) : RecordingInput(At);

/// <summary>The audio could not be encoded (no lame, disk full…).</summary>
public sealed record RecordingEncodingFailed(string Error, DateTimeOffset At) : RecordingInput(At);

/// <summary>An upload attempt starts (the first, or a retry that is due).</summary>
public sealed record RecordingUploadStarted(DateTimeOffset At) : RecordingInput(At);

/// <summary>The upload target answered 2xx.</summary>
public sealed record RecordingUploaded(DateTimeOffset At) : RecordingInput(At);

/// <summary>An upload attempt failed (connection refused, timeout, non-2xx).</summary>
public sealed record RecordingUploadFailed(string Error, DateTimeOffset At) : RecordingInput(At);
