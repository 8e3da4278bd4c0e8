namespace CallActors.Capture;

/// <summary>What a <see cref="PcapReader"/> has read so far and why it skipped the records it did not return.</summary>
/// <param name="Records">Packet records read (classic records, pcapng enhanced and simple packet blocks).</param>
/// <param name="Datagrams">UDP datagrams returned.</param>
/// <param name="NotUdp">Records holding something other than UDP over IPv4/IPv6 (TCP, ICMP, ARP…).</param>
/// <param name="Fragments">UDP carried in IP fragments, which the reader does not reassemble.</param>
/// <param name="Truncated">UDP datagrams the snapshot length cut short.</param>
/// <param name="Malformed">Records whose headers contradict themselves or the record length.</param>
/// <param name="UnsupportedLinkType">Records of a link type the reader does not decode.</param>
/// <param name="SkippedBlocks">pcapng blocks other than section headers, interfaces and packets.</param>
public readonly record struct PcapStatistics(
    long Records,
    long Datagrams,
    long NotUdp,
    long Fragments,
    long Truncated,
    long Malformed,
    long UnsupportedLinkType,
    long SkippedBlocks);
