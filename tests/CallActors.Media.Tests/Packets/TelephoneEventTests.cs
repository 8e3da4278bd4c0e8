using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class TelephoneEventTests
{
    // DTMF "1" (event 1, volume 10) as sipp sent it in capture_call_rtpstream.pcap, frames 606–623 from port 6000:
    // PT 101, timestamp 13280 on every packet, M=1 on the first, duration +320 per packet,
    // and the end packet (E=1, duration 2240) sent three times with the same sequence number.
    private static readonly string[] SippDigit =
    [
        "80E51F30 000033E0 0E05384E 010A0000",
        "80651F31 000033E0 0E05384E 010A0140",
        "80651F32 000033E0 0E05384E 010A0280",
        "80651F33 000033E0 0E05384E 010A03C0",
        "80651F34 000033E0 0E05384E 010A0500",
        "80651F35 000033E0 0E05384E 010A0640",
        "80651F36 000033E0 0E05384E 010A0780",
        "80651F37 000033E0 0E05384E 018A08C0",
        "80651F37 000033E0 0E05384E 018A08C0",
        "80651F37 000033E0 0E05384E 018A08C0",
    ];

    [Fact]
    public void Payload_yields_event_end_bit_volume_and_duration()
    {
        Assert.True(TelephoneEvent.TryParse(Hex.Bytes("0B8A08C0"), out var ev, out var error));

        Assert.Null(error);
        Assert.Equal(new TelephoneEvent(11, true, 10, 2240), ev);
        Assert.Equal('#', ev.DtmfDigit);
    }

    [Fact]
    public void Reserved_bit_does_not_leak_into_the_volume()
    {
        Assert.True(TelephoneEvent.TryParse(Hex.Bytes("05CA0140"), out var ev, out _));
        Assert.True(ev.End);
        Assert.Equal(10, ev.Volume);
    }

    [Fact]
    public void Short_payload_is_rejected()
    {
        Assert.False(TelephoneEvent.TryParse(Hex.Bytes("010A00"), out _, out var error));
        Assert.Equal(PacketErrors.TelephoneEventTruncated, error);
    }

    [Fact]
    public void Sipp_digit_starts_once_continues_and_ends_once_despite_three_end_packets()
    {
        var state = TelephoneEventStateMachine.Initial;
        var transitions = new List<TelephoneEventTransition>();
        var events = new List<TelephoneEvent>();
        var markers = new List<bool>();

        foreach (var hex in SippDigit)
        {
            Assert.True(RtpPacket.TryParse(Hex.Bytes(hex), out var rtp, out _));
            Assert.Equal(101, rtp.PayloadType);
            Assert.True(TelephoneEvent.TryParse(rtp.Payload, out var ev, out _));
            (state, var transition) = state.Next(rtp.Timestamp, ev);
            transitions.Add(transition);
            events.Add(ev);
            markers.Add(rtp.Marker);
        }

        Assert.Equal(
            [
                TelephoneEventTransition.Started,
                .. Enumerable.Repeat(TelephoneEventTransition.Continued, 6),
                TelephoneEventTransition.Ended,
                TelephoneEventTransition.Repeated,
                TelephoneEventTransition.Repeated,
            ],
            transitions);
        Assert.True(markers[0]);
        Assert.All(events, e => Assert.Equal(1, e.Event));
        Assert.All(events, e => Assert.Equal(10, e.Volume));
        Assert.Equal(2240, events[^1].Duration);
        Assert.Equal(1, transitions.Count(t => t is TelephoneEventTransition.Ended or TelephoneEventTransition.StartedAndEnded));
        Assert.Equal(13280u, state.Timestamp);
    }

    [Fact]
    public void Same_digit_pressed_again_is_a_new_event_because_the_timestamp_changes()
    {
        var state = TelephoneEventStateMachine.Initial;
        (state, _) = state.Next(1000, new TelephoneEvent(1, false, 10, 160));
        (state, _) = state.Next(1000, new TelephoneEvent(1, true, 10, 800));

        (state, var again) = state.Next(5000, new TelephoneEvent(1, false, 10, 160));
        (_, var other) = state.Next(5000, new TelephoneEvent(2, true, 10, 160));

        Assert.Equal(TelephoneEventTransition.Started, again);
        Assert.Equal(TelephoneEventTransition.StartedAndEnded, other);
    }

    [Fact]
    public void Event_whose_end_packets_were_lost_gives_way_to_the_next()
    {
        var state = TelephoneEventStateMachine.Initial;
        (state, _) = state.Next(1000, new TelephoneEvent(4, false, 10, 160));

        (state, var next) = state.Next(9000, new TelephoneEvent(7, false, 10, 160));

        Assert.Equal(TelephoneEventTransition.Started, next);
        Assert.Equal(7, state.Event);
        Assert.False(state.Ended);
    }
}
