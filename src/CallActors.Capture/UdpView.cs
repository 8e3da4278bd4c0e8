namespace CallActors.Capture;

/// <summary>Where a decoded UDP datagram sits in its frame; addresses as big-endian numbers (IPv4 in the low 32 bits).</summary>
internal readonly record struct UdpView(
    bool IsIPv6,
    UInt128 SourceAddress,
    ushort SourcePort,
    UInt128 DestinationAddress,
    ushort DestinationPort,
    int PayloadOffset,
    int PayloadLength);
