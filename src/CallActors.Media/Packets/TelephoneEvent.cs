using System.Buffers.Binary;

namespace CallActors.Media.Packets;

/// <summary>An RFC 4733 §2.3 telephone-event payload: event code, end bit, volume and duration.</summary>
/// <param name="Event">Event code; 0–9, 10 = *, 11 = #, 12–15 = A–D for DTMF.</param>
/// <param name="End">The E bit: this is (a retransmission of) the final packet of the event.</param>
/// <param name="Volume">Power level in −dBm0, 0–63.</param>
/// <param name="Duration">Duration so far in RTP timestamp units, counted from the packet's timestamp.</param>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Length = 4;

    /// <summary>The DTMF character for event codes 0–15, '\0' for other events.</summary>
    public char DtmfDigit => Event < 16 ? "0123456789*#ABCD"[Event] : '\0';

    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent telephoneEvent, out string? error)
    {
        if (payload.Length < Length)
        {
            telephoneEvent = default;
            error = PacketErrors.TelephoneEventTruncated;
            return false;
        }

        // The R bit (0x40) is reserved and ignored by receivers.
        telephoneEvent = new TelephoneEvent(
            payload[0],
            (payload[1] & 0x80) != 0,
            (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        error = null;
        return true;
    }
}
