namespace CallActors.Recording;

/// <summary>A finished capture: both channel files in <paramref name="Directory"/> hold <paramref name="Samples"/> samples.</summary>
public sealed record CapturedAudio(string Directory, int SampleRate, long Samples)
{
    public double DurationSeconds => (double)Samples / SampleRate;
}
