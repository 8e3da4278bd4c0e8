namespace CallActors.Interop.Tests.Media;

/// <summary>
/// An RFC 4733 telephone-event taking the slots <paramref name="Index"/> to <paramref name="Index"/> +
/// <paramref name="Packets"/> − 1: one timestamp (the event start), the marker on the first packet, a growing duration,
/// and the final packet (E bit) sent three times (RFC 4733 §2.5.1.4), each with its own sequence number.
/// </summary>
/// <param name="Packets">All packets of the event, the three end packets included; at least 3.</param>
/// <param name="Event">The event code: 0–9, 10 = *, 11 = #.</param>
/// <param name="Volume">Power level in −dBm0.</param>
internal readonly record struct RtpDtmfEvent(int Index, int Packets, byte Event = 5, byte Volume = 10);
