namespace CallActors.Interop.Tests.Media;

/// <summary>What a receiver of one SSRC of a generated stream should count, by RFC 3550 §6.4.1 and Appendix A.3.</summary>
/// <param name="FirstSequence">The sequence number of the first packet sent (the receiver's base).</param>
/// <param name="PacketsSent">Packets sent, duplicates included: what a capture holds.</param>
/// <param name="Expected">Highest extended sequence number sent − first + 1.</param>
/// <param name="Lost">Expected − PacketsSent; negative when duplicates outnumber losses.</param>
/// <param name="LostCountedToLastPacket">
/// The same count with the last packet sent in place of the highest, as tshark 4.0's <c>rtp,streams</c> computes it;
/// differs from <paramref name="Lost"/> only when the stream ends on a reordered packet.
/// </param>
/// <param name="Dropped">Slots of this SSRC never sent, by random or burst loss.</param>
/// <param name="Duplicated">Extra copies sent.</param>
/// <param name="DtmfPackets">Telephone-event packets sent, copies included.</param>
internal sealed record RtpSourceTruth(
    uint Ssrc,
    ushort FirstSequence,
    int PacketsSent,
    int Expected,
    int Lost,
    int LostCountedToLastPacket,
    int Dropped,
    int Duplicated,
    int DtmfPackets);
