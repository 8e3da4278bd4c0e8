namespace CallActors.Interop.Tests.Media;

/// <summary>One packet of a generated stream: when to send it, counted from the stream's start, and its bytes.</summary>
/// <param name="Slot">The slot the packet belongs to (its nominal time is Slot × ptime).</param>
/// <param name="IsDuplicate">The second copy of a duplicated packet.</param>
internal sealed record ScheduledRtpPacket(
    TimeSpan Offset,
    ReadOnlyMemory<byte> Bytes,
    int Slot,
    uint Ssrc,
    ushort SequenceNumber,
    byte PayloadType,
    bool IsDuplicate);
