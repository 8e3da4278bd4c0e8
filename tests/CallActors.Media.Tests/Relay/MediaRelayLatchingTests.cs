using CallActors.TestKit;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>Symmetric latching over real sockets; addresses 127.0.20.20–29, ports 42200–42299.</summary>
public sealed class MediaRelayLatchingTests
{
    [Fact]
    public async Task A_packet_from_an_unexpected_source_is_dropped_and_counted()
    {
        using var t = new RelayUnderTest("127.0.20.20", 42200, 42219);
        var (caller, callee) = t.ConnectBothLegs();
        var stranger = t.Peer();
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        await callee.ReceiveAsync();

        stranger.Send(TestPackets.Rtp(666, ssrc: 0xBAD), t.Caller.LocalRtp);
        await Poll.UntilAsync(() => t.Caller.Counters.DroppedUnexpectedSource == 1, "the stranger's packet to be dropped");
        caller.Send(TestPackets.Rtp(2), t.Caller.LocalRtp);

        // The next packet through is the caller's: the stranger's never left the relay.
        Assert.Equal(2, TestPackets.SequenceOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(caller.EndPoint, t.Caller.LatchedRtpSource);
        Assert.Equal(2, t.Caller.Counters.RtpReceived);
        Assert.DoesNotContain(t.Observer.Calls, c => TestPackets.SsrcOf(c.Bytes) == 0xBAD);
    }

    [Fact]
    public async Task The_peer_from_the_SDP_wins_the_latch_back_from_a_flooder_that_came_first()
    {
        using var t = new RelayUnderTest("127.0.20.21", 42220, 42239);
        var (caller, callee) = t.ConnectBothLegs();
        var flooder = t.Peer();

        flooder.Send(TestPackets.Rtp(1, ssrc: 0xF100D), t.Caller.LocalRtp);
        await callee.ReceiveAsync();
        Assert.Equal(flooder.EndPoint, t.Caller.LatchedRtpSource);

        caller.Send(TestPackets.Rtp(1, ssrc: 0xCA11), t.Caller.LocalRtp);
        Assert.Equal(0xCA11u, TestPackets.SsrcOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(caller.EndPoint, t.Caller.LatchedRtpSource);

        flooder.Send(TestPackets.Rtp(2, ssrc: 0xF100D), t.Caller.LocalRtp);
        await Poll.UntilAsync(() => t.Caller.Counters.DroppedUnexpectedSource == 1, "the flooder's packet to be dropped");
        callee.Send(TestPackets.Rtp(1, ssrc: 0xCA11EE), t.Callee.LocalRtp);
        Assert.Equal(0xCA11EEu, TestPackets.SsrcOf((await caller.ReceiveAsync()).Bytes));
    }

    [Fact]
    public async Task After_the_relearn_interval_of_silence_a_new_source_takes_over()
    {
        var time = new ManualTimeProvider();
        using var t = new RelayUnderTest("127.0.20.22", 42240, 42259, time);
        var (caller, callee) = t.ConnectBothLegs();
        var moved = t.Peer(); // the caller's NAT binding changed
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        await callee.ReceiveAsync();

        moved.Send(TestPackets.Rtp(2), t.Caller.LocalRtp);
        await Poll.UntilAsync(() => t.Caller.Counters.DroppedUnexpectedSource == 1, "the new source to be refused at first");
        time.Advance(TimeSpan.FromSeconds(2));
        moved.Send(TestPackets.Rtp(3), t.Caller.LocalRtp);

        Assert.Equal(3, TestPackets.SequenceOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(moved.EndPoint, t.Caller.LatchedRtpSource);
        callee.Send(TestPackets.Rtp(100), t.Callee.LocalRtp);
        Assert.Equal(100, TestPackets.SequenceOf((await moved.ReceiveAsync()).Bytes));
    }

    [Fact]
    public async Task New_SDP_forgets_the_latched_source()
    {
        using var t = new RelayUnderTest("127.0.20.23", 42260, 42279);
        var (caller, callee) = t.ConnectBothLegs();
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        await callee.ReceiveAsync();
        var newPhone = t.Peer(); // a re-INVITE moved the call to another device

        t.Caller.SetPeer(newPhone.EndPoint, null, rtcpMux: false);

        Assert.Null(t.Caller.LatchedRtpSource);
        callee.Send(TestPackets.Rtp(10), t.Callee.LocalRtp);
        Assert.Equal(10, TestPackets.SequenceOf((await newPhone.ReceiveAsync()).Bytes));
        newPhone.Send(TestPackets.Rtp(2), t.Caller.LocalRtp);
        Assert.Equal(2, TestPackets.SequenceOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(newPhone.EndPoint, t.Caller.LatchedRtpSource);
    }
}
