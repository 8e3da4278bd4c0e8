using CallActors.TestKit;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>RTCP through the relay; addresses 127.0.20.30–39, ports 42300–42399 (peers' fixed ports 44000–44099).</summary>
public sealed class MediaRelayRtcpTests
{
    [Fact]
    public async Task Rtcp_on_the_rtcp_port_goes_to_the_other_legs_rtcp_port_at_rtp_plus_one()
    {
        using var t = new RelayUnderTest("127.0.20.30", 42300, 42319);
        var caller = t.Peer();
        var calleeRtp = t.Peer(44000);
        var calleeRtcp = t.Peer(44001);
        t.Caller.SetPeer(caller.EndPoint, null, rtcpMux: false);
        t.Callee.SetPeer(calleeRtp.EndPoint, null, rtcpMux: false);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

        caller.Send(TestPackets.ReceiverReport(0xCA11), t.Caller.LocalRtcp);

        var (bytes, from) = await calleeRtcp.ReceiveAsync();
        Assert.Equal(TestPackets.ReceiverReport(0xCA11), bytes);
        Assert.Equal(t.Callee.LocalRtcp, from);
        await t.Observer.WaitForAsync(nameof(IRelayPacketObserver.OnRtcpSent), 1);
        var received = Assert.Single(t.Observer.Of(nameof(IRelayPacketObserver.OnRtcp)));
        Assert.Equal(RelayLegSide.Caller, received.Side);
        var sent = Assert.Single(t.Observer.Of(nameof(IRelayPacketObserver.OnRtcpSent)));
        Assert.Equal(RelayLegSide.Callee, sent.Side);
        Assert.InRange(received.UnixNanos, before, sent.UnixNanos);
        Assert.Equal((1, 1), (t.Caller.Counters.RtcpReceived, t.Callee.Counters.RtcpSent));
        Assert.Equal(0, t.Caller.Counters.RtpReceived);
    }

    [Fact]
    public async Task Rtcp_multiplexed_on_the_rtp_port_is_told_apart_and_relayed_as_rtcp()
    {
        using var t = new RelayUnderTest("127.0.20.31", 42320, 42339);
        var caller = t.Peer();
        var calleeRtcp = t.Peer();
        var calleeRtp = t.Peer();
        t.Caller.SetPeer(caller.EndPoint, null, rtcpMux: true);
        t.Callee.SetPeer(calleeRtp.EndPoint, calleeRtcp.EndPoint, rtcpMux: false);

        caller.Send(TestPackets.ReceiverReport(0xCA11), t.Caller.LocalRtp);

        var (bytes, from) = await calleeRtcp.ReceiveAsync();
        Assert.Equal(TestPackets.ReceiverReport(0xCA11), bytes);
        Assert.Equal(t.Callee.LocalRtcp, from);
        Assert.Single(t.Observer.Of(nameof(IRelayPacketObserver.OnRtcp)));
        Assert.Empty(t.Observer.Of(nameof(IRelayPacketObserver.OnRtp)));
        Assert.Equal((1, 0), (t.Caller.Counters.RtcpReceived, t.Caller.Counters.RtpReceived));
    }

    [Fact]
    public async Task Rtcp_toward_a_multiplexing_leg_leaves_from_its_rtp_port_to_its_rtp_address()
    {
        using var t = new RelayUnderTest("127.0.20.32", 42340, 42359);
        var caller = t.Peer();
        var callee = t.Peer();
        t.Caller.SetPeer(caller.EndPoint, null, rtcpMux: false);
        t.Callee.SetPeer(callee.EndPoint, null, rtcpMux: true);

        caller.Send(TestPackets.ReceiverReport(0xCA11), t.Caller.LocalRtcp);
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);

        var first = await callee.ReceiveAsync();
        var second = await callee.ReceiveAsync();
        var rtcp = new[] { first, second }.Single(d => d.Bytes.Length == 8);
        Assert.Equal(TestPackets.ReceiverReport(0xCA11), rtcp.Bytes);
        Assert.Equal(t.Callee.LocalRtp, rtcp.From);
    }

    [Fact]
    public async Task Rtcp_latches_on_its_own_port_separately_from_rtp()
    {
        using var t = new RelayUnderTest("127.0.20.33", 42360, 42379);
        var callerRtp = t.Peer();
        var callerRtcpBehindNat = t.Peer();
        var callee = t.Peer();
        var calleeRtcp = t.Peer();
        t.Caller.SetPeer(callerRtp.EndPoint, null, rtcpMux: false); // SDP says RTCP on RTP + 1; the NAT picked another port
        t.Callee.SetPeer(callee.EndPoint, calleeRtcp.EndPoint, rtcpMux: false);

        callerRtcpBehindNat.Send(TestPackets.ReceiverReport(0xCA11), t.Caller.LocalRtcp);
        await calleeRtcp.ReceiveAsync();
        calleeRtcp.Send(TestPackets.ReceiverReport(0xCA11EE), t.Callee.LocalRtcp);

        var (bytes, from) = await callerRtcpBehindNat.ReceiveAsync();
        Assert.Equal(TestPackets.ReceiverReport(0xCA11EE), bytes);
        Assert.Equal(t.Caller.LocalRtcp, from);
        Assert.Null(t.Caller.LatchedRtpSource);
    }

    [Fact]
    public async Task Rtp_sent_to_the_rtcp_port_is_dropped_as_malformed()
    {
        using var t = new RelayUnderTest("127.0.20.34", 42380, 42399);
        var (caller, _) = t.ConnectBothLegs();

        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtcp);

        await Poll.UntilAsync(() => t.Caller.Counters.DroppedMalformed == 1, "RTP on the RTCP port to be dropped");
        Assert.Equal(0L, t.Callee.Counters.RtpSent + t.Callee.Counters.RtcpSent);
        Assert.Empty(t.Observer.Calls);
    }
}
