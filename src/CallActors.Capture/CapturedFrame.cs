namespace CallActors.Capture;

/// <summary>One packet record of a capture file: when it was seen, its link type and the bytes captured.</summary>
/// <param name="TimestampUnixNanos">Nanoseconds since 1970-01-01 UTC; 0 for a pcapng simple packet block, which has no time.</param>
/// <param name="LinkType">What the frame starts with: the file's link type, or its interface's in pcapng.</param>
/// <param name="OriginalLength">The length on the wire; more than <c>Data.Length</c> when the snapshot length cut it.</param>
/// <param name="Data">The bytes captured.</param>
public readonly record struct CapturedFrame(long TimestampUnixNanos, PcapLinkType LinkType, int OriginalLength, ReadOnlyMemory<byte> Data)
{
    /// <summary>The capture kept only the first <c>Data.Length</c> bytes of the packet.</summary>
    public bool IsCut => Data.Length < OriginalLength;
}
