namespace CallActors.Recording;

/// <summary>How the two sides of a call share the recording's channels.</summary>
public enum RecordingLayout
{
    /// <summary>The caller on the left channel, the callee on the right.</summary>
    Stereo,

    /// <summary>Both sides mixed into one channel (summed, saturating at the 16-bit limits).</summary>
    Mono,
}
