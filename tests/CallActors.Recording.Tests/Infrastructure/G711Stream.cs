using CallActors.Media.Packets;

namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>
/// One sender's RTP stream of 20 ms G.711 packets whose payloads are seeded pseudo-random codes that never decode to
/// zero, so every sample a test finds tells which packet it came from and every zero is a gap.
/// </summary>
internal sealed class G711Stream(uint ssrc, uint firstTimestamp, ushort firstSequence, int seed, byte payloadType = PayloadTypes.Pcmu, AudioCodec codec = AudioCodec.Pcmu)
{
    public const int SamplesPerPacket = 160;

    public uint Ssrc => ssrc;

    /// <summary>Packet <paramref name="index"/> with the timestamp and sequence number that follow from the first, plus <paramref name="timestampShift"/>.</summary>
    public byte[] Packet(int index, long timestampShift = 0)
    {
        var header = new RtpHeader(
            payloadType,
            unchecked((ushort)(firstSequence + index)),
            unchecked((uint)(firstTimestamp + ((long)SamplesPerPacket * index) + timestampShift)),
            ssrc);
        var payload = Payload(index);
        var packet = new byte[RtpPacketWriter.GetLength(header, payload.Length)];
        RtpPacketWriter.Write(packet, header, payload);
        return packet;
    }

    /// <summary>What packet <paramref name="index"/> decodes to.</summary>
    public short[] Decoded(int index)
    {
        var pcm = new short[SamplesPerPacket];
        G711.Decode(codec, Payload(index), pcm);
        return pcm;
    }

    /// <summary>Copies packet <paramref name="index"/>'s samples into <paramref name="timeline"/> at <paramref name="position"/>, cut at its end.</summary>
    public void PlaceInto(short[] timeline, int index, long position)
    {
        var samples = Decoded(index).AsSpan(0, (int)Math.Min(SamplesPerPacket, timeline.Length - position));
        samples.CopyTo(timeline.AsSpan((int)position));
    }

    private byte[] Payload(int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var payload = new byte[SamplesPerPacket];
        for (var i = 0; i < payload.Length; i++)
        {
            // 254 codes: all but the two that decode to zero in µ-law (0x7F, 0xFF); A-law has no zero at all.
            var code = random.Next(254);
            payload[i] = (byte)(code < 0x7F ? code : code + 1);
        }

        return payload;
    }
}
