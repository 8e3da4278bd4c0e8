namespace CallActors.Interop.Tests.Media;

/// <summary>One RTP stream for <see cref="RtpStreamGenerator"/>: its codec and the impairments designed into it.</summary>
/// <remarks>
/// Indices are packet slots: slot i is due at i × <see cref="PacketTime"/> and carries the i-th sequence number of its
/// SSRC. Random loss never hits a slot that a designed event (swap, duplicate, DTMF) uses, so that the designed events
/// always happen.
/// </remarks>
internal sealed record RtpStreamProfile
{
    public int PacketCount { get; init; } = 250;

    public TimeSpan PacketTime { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>0: PCMU (RFC 3551).</summary>
    public byte PayloadType { get; init; }

    public int ClockRate { get; init; } = 8_000;

    public int PayloadLength { get; init; } = 160;

    public byte TelephoneEventPayloadType { get; init; } = 101;

    /// <summary>The first sequence number; random when null. 65400 with 250 packets wraps through 0.</summary>
    public ushort? StartSequence { get; init; }

    public uint? Ssrc { get; init; }

    public uint? StartTimestamp { get; init; }

    /// <summary>The chance that any one slot is not sent, drawn independently per slot.</summary>
    public double LossProbability { get; init; }

    public IReadOnlyList<RtpBurstLoss> BurstLosses { get; init; } = [];

    /// <summary>Slots i whose packet goes out after the packet of slot i + 1.</summary>
    public IReadOnlyList<int> ReorderSwaps { get; init; } = [];

    /// <summary>Slots whose packet is sent twice in a row.</summary>
    public IReadOnlyList<int> Duplicates { get; init; } = [];

    /// <summary>Each packet leaves up to this much after its nominal time (uniform), never before the previous one.</summary>
    public TimeSpan MaxSendJitter { get; init; }

    public IReadOnlyList<RtpDtmfEvent> DtmfEvents { get; init; } = [];

    /// <summary>The slot from which a new SSRC (with new random sequence and timestamp bases) takes over; null for none.</summary>
    public int? SsrcChangeIndex { get; init; }
}
