namespace CallActors.Recording;

/// <summary>A recording file <see cref="RecordingEncoder"/> wrote, with its size, duration and SHA-256 (lower-case hex).</summary>
public sealed record EncodedRecording(string Path, long SizeBytes, double DurationSeconds, string Sha256Hex);
