namespace CallActors.Media.Quality;

/// <summary>FreeSWITCH's per-direction counters: raw bytes include the 12-byte RTP header; media excludes DTMF and CN.</summary>
public sealed record FreeSwitchPacketCounts(
    long RawBytes,
    long MediaBytes,
    long PacketCount,
    long MediaPacketCount,
    long DtmfPacketCount,
    long CngPacketCount);
