using System.Net;

namespace CallActors.Capture;

/// <summary>One UDP datagram found in a capture, over IPv4 or IPv6.</summary>
/// <param name="TimestampUnixNanos">Capture time in nanoseconds since 1970-01-01 UTC.</param>
/// <param name="Source">The sender's address and UDP port.</param>
/// <param name="Destination">The receiver's address and UDP port.</param>
/// <param name="Payload">The UDP payload; it stays valid after further reads (the reader never reuses it).</param>
/// <remarks>
/// The reader hands out one <see cref="IPEndPoint"/> instance per address and port, shared by all datagrams of a flow:
/// do not change its properties.
/// </remarks>
public readonly record struct CapturedDatagram(long TimestampUnixNanos, IPEndPoint Source, IPEndPoint Destination, ReadOnlyMemory<byte> Payload)
{
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampUnixNanos / 100);
}
