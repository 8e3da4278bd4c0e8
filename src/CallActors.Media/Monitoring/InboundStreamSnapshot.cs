using System.Text.Json.Serialization;
using CallActors.Media.Quality;

namespace CallActors.Media.Monitoring;

/// <summary>The stream a leg sends us, as we received it.</summary>
/// <param name="Counts">Packets and bytes by kind (FreeSWITCH <c>in_*</c> style).</param>
/// <param name="MalformedPackets">Datagrams handed in as RTP that did not parse (not in <paramref name="Counts"/>).</param>
/// <param name="Codec">The codec of the last media packet; null before one arrived.</param>
/// <param name="DtmfType">"rfc2833" when telephone-event was negotiated or seen, else null.</param>
/// <param name="Ssrc">The current source; null before the first packet.</param>
/// <param name="SsrcChanges">How often the source changed (each change restarts the rfc3550 and g107 figures).</param>
/// <param name="FirstPacketUnixNanos">Arrival of the first packet, ns since the Unix epoch; null before one.</param>
/// <param name="LastPacketUnixNanos">Arrival of the latest packet; null before one.</param>
/// <param name="Rfc3550">RFC 3550 statistics of the current source, with Wireshark-rule jitter and delta; null before the first packet.</param>
/// <param name="G107">The E-model rating of the current source; null until a packet is expected or when the codec has no E-model row.</param>
/// <param name="FreeSwitch">FreeSWITCH-compatible <c>rtp_audio_in_*</c> quality values; null before the first packet.</param>
/// <param name="EarlierSources">The final rfc3550 and g107 figures of the sources this stream had before its current
/// SSRC (oldest first, the last eight), so a mid-call SSRC change loses nothing.</param>
public sealed record InboundStreamSnapshot(
    MediaPacketCounts Counts,
    long MalformedPackets,
    CodecSnapshot? Codec,
    string? DtmfType,
    uint? Ssrc,
    int SsrcChanges,
    long? FirstPacketUnixNanos,
    long? LastPacketUnixNanos,
    [property: JsonPropertyName(Rfc3550Figures.Model)] Rfc3550Snapshot? Rfc3550,
    [property: JsonPropertyName(EModelResult.Model)] G107Snapshot? G107,
    [property: JsonPropertyName(FreeSwitchFigures.Model)] FreeSwitchSnapshot? FreeSwitch,
    IReadOnlyList<InboundSourceSnapshot> EarlierSources);
