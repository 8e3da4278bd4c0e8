namespace CallActors.Capture;

/// <summary>The timestamp unit <see cref="PcapWriter"/> writes (the magic number tells readers which one).</summary>
public enum PcapTimestampResolution
{
    Microseconds,
    Nanoseconds,
}
