namespace CallActors.Recording;

/// <summary>The file format a recording is encoded into.</summary>
public enum RecordingFormat
{
    Wav,
    Mp3,
}

/// <summary>The names the API uses for <see cref="RecordingFormat"/>: "wav" and "mp3".</summary>
public static class RecordingFormatNames
{
    public static string ToWireName(this RecordingFormat format) => format switch
    {
        RecordingFormat.Wav => "wav",
        RecordingFormat.Mp3 => "mp3",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Reads a wire name, case-insensitively; false for anything else.</summary>
    public static bool TryParse(string? wireName, out RecordingFormat format)
    {
        foreach (var candidate in Enum.GetValues<RecordingFormat>())
        {
            if (string.Equals(wireName, candidate.ToWireName(), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }
}
