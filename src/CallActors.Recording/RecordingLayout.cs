namespace CallActors.Recording;

/// <summary>How the two sides of a call share the recording's channels.</summary>
public enum RecordingLayout
{
    /// <summary>The caller on the left channel, the callee on the right.</summary>
    Stereo,

    /// <summary>Both sides mixed into one channel (summed, saturating at the 16-bit limits).</summary>
    Mono,
}

/// <summary>The names the API uses for <see cref="RecordingLayout"/>: "stereo" and "mono".</summary>
public static class RecordingLayoutNames
{
    public static string ToWireName(this RecordingLayout layout) => layout switch
    {
        RecordingLayout.Stereo => "stereo",
        RecordingLayout.Mono => "mono",
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };

    /// <summary>Reads a wire name, case-insensitively; false for anything else.</summary>
    public static bool TryParse(string? wireName, out RecordingLayout layout)
    {
        foreach (var candidate in Enum.GetValues<RecordingLayout>())
        {
            if (string.Equals(wireName, candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                layout = candidate;
                return true;
            }
        }

        layout = default;
        return false;
    }
}
