namespace CallActors.Media.Monitoring;

/// <summary>The stream we forwarded to a leg, as counted when it was sent.</summary>
/// <param name="Counts">Packets and bytes by kind (FreeSWITCH <c>out_*</c> style).</param>
/// <param name="Codec">The codec of the last media packet written; null before one.</param>
/// <param name="Ssrc">The source of the last packet written; null before one.</param>
public sealed record OutboundStreamSnapshot(MediaPacketCounts Counts, CodecSnapshot? Codec, uint? Ssrc);
