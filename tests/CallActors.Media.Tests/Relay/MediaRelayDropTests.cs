using CallActors.TestKit;
using CallActors.Media.Tests.Packets;

namespace CallActors.Media.Tests.Relay;

/// <summary>Datagrams the relay must not forward; addresses 127.0.20.40–49, ports 42400–42499.</summary>
public sealed class MediaRelayDropTests
{
    [Fact]
    public async Task Malformed_datagrams_are_dropped_and_counted_and_the_stream_goes_on()
    {
        using var t = new RelayUnderTest("127.0.20.40", 42400, 42419);
        var (caller, callee) = t.ConnectBothLegs();
        string[] malformed =
        [
            "8008 0000", // 4 bytes
            "40080000 00000360 CA110000 D5D5", // version 1
            "83080000 00000360 CA110000 AAAAAAAA", // CSRC list runs past the end
            "A0080000 00000360 CA110000 D5D5D509", // padding longer than the payload
            "80C90001 CA11", // RTCP shorter than 8 bytes
        ];

        foreach (var hex in malformed)
        {
            caller.Send(Hex.Bytes(hex), t.Caller.LocalRtp);
        }

        await Poll.UntilAsync(() => t.Caller.Counters.DroppedMalformed == malformed.Length, "every malformed datagram to be counted");
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        var (bytes, _) = await callee.ReceiveAsync();
        Assert.Equal(TestPackets.Rtp(1), bytes); // the first datagram to come out is the valid one
        Assert.Equal(1, t.Caller.Counters.RtpReceived);
        Assert.DoesNotContain(t.Observer.Calls, c => c.Bytes.Length != bytes.Length);
    }

    [Fact]
    public async Task A_datagram_larger_than_MaxPacketBytes_is_dropped_as_oversized()
    {
        using var t = new RelayUnderTest("127.0.20.41", 42420, 42439);
        var (caller, callee) = t.ConnectBothLegs();

        caller.Send(TestPackets.Rtp(1, payloadBytes: 2000 - 12), t.Caller.LocalRtp);
        caller.Send(TestPackets.Rtp(2, payloadBytes: 2000 - 12), t.Caller.LocalRtcp);

        await Poll.UntilAsync(() => t.Caller.Counters.DroppedOversized == 2, "both 2000-byte datagrams to be dropped");
        caller.Send(TestPackets.Rtp(3), t.Caller.LocalRtp);
        Assert.Equal(3, TestPackets.SequenceOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(0, t.Caller.Counters.DroppedMalformed);
        Assert.Equal(172, t.Caller.Counters.BytesReceived);
    }

    [Fact]
    public async Task Garbage_does_not_latch_so_the_first_valid_source_still_does()
    {
        using var t = new RelayUnderTest("127.0.20.42", 42440, 42459);
        var (caller, callee) = t.ConnectBothLegs();
        var scanner = t.Peer();

        scanner.Send(Hex.Bytes("00010002 00030004 00050006"), t.Caller.LocalRtp); // a STUN-like probe
        await Poll.UntilAsync(() => t.Caller.Counters.DroppedMalformed == 1, "the probe to be dropped");
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);

        await callee.ReceiveAsync();
        Assert.Equal(caller.EndPoint, t.Caller.LatchedRtpSource);
        Assert.Equal(0, t.Caller.Counters.DroppedUnexpectedSource);
    }
}
