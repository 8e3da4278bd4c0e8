namespace CallActors.Media.Monitoring;

/// <summary>RTP packets and bytes of one direction, split the way FreeSWITCH's <c>rtp_audio_*</c> counters are:
/// bytes are whole RTP packets (12-byte header included, not UDP/IP); media is everything that is neither
/// telephone-event nor comfort noise.</summary>
/// <param name="Packets">Every RTP packet.</param>
/// <param name="Bytes">Their size.</param>
/// <param name="MediaPackets">Packets that are neither DTMF nor comfort noise (payload types we cannot name included).</param>
/// <param name="MediaBytes">Their size.</param>
/// <param name="DtmfPackets">RFC 4733 telephone-event packets.</param>
/// <param name="DtmfBytes">Their size.</param>
/// <param name="ComfortNoisePackets">RFC 3389 comfort noise: PT 13 or the negotiated CN type.</param>
/// <param name="ComfortNoiseBytes">Their size.</param>
/// <param name="UnknownPayloadTypePackets">Media packets whose payload type was neither negotiated nor static (no clock: no jitter).</param>
public sealed record MediaPacketCounts(
    long Packets,
    long Bytes,
    long MediaPackets,
    long MediaBytes,
    long DtmfPackets,
    long DtmfBytes,
    long ComfortNoisePackets,
    long ComfortNoiseBytes,
    long UnknownPayloadTypePackets);
