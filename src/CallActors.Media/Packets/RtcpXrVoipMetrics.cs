using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>Packet-loss concealment named in the RX config byte (RFC 3611 §4.7.6).</summary>
public enum PacketLossConcealment
{
    Unspecified = 0,
    Disabled = 1,
    Enhanced = 2,
    Standard = 3,
}

/// <summary>Jitter-buffer adaptivity named in the RX config byte (RFC 3611 §4.7.6).</summary>
public enum JitterBufferAdaptivity
{
    Unknown = 0,
    Reserved = 1,
    NonAdaptive = 2,
    Adaptive = 3,
}

/// <summary>
/// The XR VoIP Metrics report block (RFC 3611 §4.7, BT = 7). Rates are the raw ×256 fixed-point
/// octets with ratio helpers; 127 ("unavailable") in levels, R factors and MOS becomes null.
/// </summary>
public readonly record struct RtcpXrVoipMetrics
{
    public const byte BlockTypeValue = 7;

    /// <summary>Block length field of a VoIP Metrics block, in 32-bit words.</summary>
    public const ushort BlockLengthValue = 8;

    private const byte Unavailable = 127;

    public uint Ssrc { get; init; }

    public byte LossRate { get; init; }

    public byte DiscardRate { get; init; }

    public byte BurstDensity { get; init; }

    public byte GapDensity { get; init; }

    /// <summary>Mean burst duration, ms.</summary>
    public ushort BurstDuration { get; init; }

    /// <summary>Mean gap duration, ms.</summary>
    public ushort GapDuration { get; init; }

    /// <summary>Latest round-trip delay between the RTP interfaces, ms; 0 until one is known.</summary>
    public ushort RoundTripDelay { get; init; }

    /// <summary>End-system delay, ms; 0 when the endpoint cannot estimate it.</summary>
    public ushort EndSystemDelay { get; init; }

    /// <summary>Signal level, dBm0.</summary>
    public sbyte? SignalLevel { get; init; }

    /// <summary>Noise level, dBm0.</summary>
    public sbyte? NoiseLevel { get; init; }

    /// <summary>Residual echo return loss, dB.</summary>
    public byte? ResidualEchoReturnLoss { get; init; }

    /// <summary>Gap threshold in packets (16 by default).</summary>
    public byte Gmin { get; init; }

    public byte? RFactor { get; init; }

    public byte? ExternalRFactor { get; init; }

    /// <summary>Listening-quality MOS, 1.0 to 5.0.</summary>
    public double? MosLq { get; init; }

    /// <summary>Conversational-quality MOS, 1.0 to 5.0.</summary>
    public double? MosCq { get; init; }

    /// <summary>The raw RX config octet; see <see cref="PacketLossConcealment"/>, <see cref="JitterBufferAdaptivity"/> and <see cref="JitterBufferRate"/>.</summary>
    public byte ReceiverConfiguration { get; init; }

    /// <summary>Jitter-buffer nominal delay, ms.</summary>
    public ushort JitterBufferNominal { get; init; }

    /// <summary>Jitter-buffer maximum delay, ms.</summary>
    public ushort JitterBufferMaximum { get; init; }

    /// <summary>Jitter-buffer absolute maximum delay, ms.</summary>
    public ushort JitterBufferAbsoluteMaximum { get; init; }

    public double LossRateRatio => LossRate / 256.0;

    public double DiscardRateRatio => DiscardRate / 256.0;

    public double BurstDensityRatio => BurstDensity / 256.0;

    public double GapDensityRatio => GapDensity / 256.0;

    public PacketLossConcealment PacketLossConcealment => (PacketLossConcealment)(ReceiverConfiguration >> 6);

    public JitterBufferAdaptivity JitterBufferAdaptivity => (JitterBufferAdaptivity)((ReceiverConfiguration >> 4) & 0x3);

    /// <summary>The 4-bit jitter-buffer adjustment rate (JB rate).</summary>
    public int JitterBufferRate => ReceiverConfiguration & 0x0F;

    public static bool TryParse(RtcpXrBlock block, out RtcpXrVoipMetrics metrics, out string? error)
    {
        metrics = default;
        if (block.BlockType != BlockTypeValue)
        {
            error = PacketErrors.XrWrongBlockType;
            return false;
        }

        if (block.BlockLength != BlockLengthValue)
        {
            error = PacketErrors.XrBlockLength;
            return false;
        }

        var c = block.Contents;
        metrics = new RtcpXrVoipMetrics
        {
            Ssrc = BinaryPrimitives.ReadUInt32BigEndian(c),
            LossRate = c[4],
            DiscardRate = c[5],
            BurstDensity = c[6],
            GapDensity = c[7],
            BurstDuration = BinaryPrimitives.ReadUInt16BigEndian(c[8..]),
            GapDuration = BinaryPrimitives.ReadUInt16BigEndian(c[10..]),
            RoundTripDelay = BinaryPrimitives.ReadUInt16BigEndian(c[12..]),
            EndSystemDelay = BinaryPrimitives.ReadUInt16BigEndian(c[14..]),
            SignalLevel = c[16] == Unavailable ? null : (sbyte)c[16],
            NoiseLevel = c[17] == Unavailable ? null : (sbyte)c[17],
            ResidualEchoReturnLoss = OrNull(c[18]),
            Gmin = c[19],
            RFactor = OrNull(c[20]),
            ExternalRFactor = OrNull(c[21]),
            MosLq = c[22] == Unavailable ? null : c[22] / 10.0,
            MosCq = c[23] == Unavailable ? null : c[23] / 10.0,
            ReceiverConfiguration = c[24],
            JitterBufferNominal = BinaryPrimitives.ReadUInt16BigEndian(c[26..]),
            JitterBufferMaximum = BinaryPrimitives.ReadUInt16BigEndian(c[28..]),
            JitterBufferAbsoluteMaximum = BinaryPrimitives.ReadUInt16BigEndian(c[30..]),
        };
        error = null;
        return true;
    }

    private static byte? OrNull(byte value) => value == Unavailable ? null : value;
}
