using CallActors.TestKit;
using System.Net;
using System.Net.Sockets;
using CallActors.Media.Relay;
using Microsoft.Extensions.Logging;

namespace CallActors.Media.Tests.Relay;

/// <summary>RTP through the relay on loopback; addresses 127.0.20.10–19, ports 42100–42199.</summary>
public sealed class MediaRelayForwardingTests
{
    [Fact]
    public async Task Rtp_flows_both_ways_from_the_other_legs_port_with_kernel_arrival_times()
    {
        using var t = new RelayUnderTest("127.0.20.10", 42100, 42119);
        var (caller, callee) = t.ConnectBothLegs();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

        for (ushort seq = 1; seq <= 5; seq++)
        {
            caller.Send(TestPackets.Rtp(seq, ssrc: 0xCA11E5), t.Caller.LocalRtp);
            var (bytes, from) = await callee.ReceiveAsync();
            Assert.Equal(TestPackets.Rtp(seq, ssrc: 0xCA11E5), bytes);
            Assert.Equal(t.Callee.LocalRtp, from);
        }

        callee.Send(TestPackets.Rtp(77, ssrc: 0xCA11EE), t.Callee.LocalRtp);
        var (back, backFrom) = await caller.ReceiveAsync();
        Assert.Equal(TestPackets.Rtp(77, ssrc: 0xCA11EE), back);
        Assert.Equal(t.Caller.LocalRtp, backFrom);

        await t.Observer.WaitForAsync(nameof(IRelayPacketObserver.OnRtpSent), 6);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 + 1_000_000;
        var received = t.Observer.Of(nameof(IRelayPacketObserver.OnRtp));
        Assert.Equal([.. Enumerable.Repeat(RelayLegSide.Caller, 5), RelayLegSide.Callee], received.Select(r => r.Side));
        Assert.All(received, r => Assert.InRange(r.UnixNanos, before, after));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.UnixNanos <= p.Second.UnixNanos), "arrival times go backwards");
        Assert.Equal([.. Enumerable.Repeat(RelayLegSide.Callee, 5), RelayLegSide.Caller], t.Observer.Of(nameof(IRelayPacketObserver.OnRtpSent)).Select(r => r.Side));
        Assert.InRange(t.Caller.LastRtpReceivedUnixNanos, before, after);

        var callerCounters = t.Caller.Counters;
        Assert.Equal((5, 1, 5 * 172L, 172L), (callerCounters.RtpReceived, callerCounters.RtpSent, callerCounters.BytesReceived, callerCounters.BytesSent));
        Assert.Equal((1, 5), (t.Callee.Counters.RtpReceived, t.Callee.Counters.RtpSent));
        var totals = t.Relay.Totals;
        Assert.Equal((6, 6, 1), (totals.Packets.RtpReceived, totals.Packets.RtpSent, totals.OpenSessions));
    }

    [Fact]
    public async Task A_caller_behind_a_NAT_is_latched_and_answered_at_its_real_address_not_its_SDP()
    {
        using var t = new RelayUnderTest("127.0.20.11", 42120, 42139);
        var nat = t.Peer();
        var callee = t.Peer();
        t.Caller.SetPeer(new IPEndPoint(IPAddress.Parse("127.0.20.11"), 9), null, rtcpMux: false); // private address from the SDP
        t.Callee.SetPeer(callee.EndPoint, null, rtcpMux: false);
        Assert.Null(t.Caller.LatchedRtpSource);

        nat.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        await callee.ReceiveAsync();
        callee.Send(TestPackets.Rtp(500), t.Callee.LocalRtp);

        var (bytes, _) = await nat.ReceiveAsync();
        Assert.Equal(500, TestPackets.SequenceOf(bytes));
        Assert.Equal(nat.EndPoint, t.Caller.LatchedRtpSource);
        Assert.Equal(callee.EndPoint, t.Callee.LatchedRtpSource);
    }

    [Fact]
    public async Task Rtp_toward_a_leg_with_no_destination_is_dropped_and_counted_on_that_leg()
    {
        using var t = new RelayUnderTest("127.0.20.12", 42140, 42159);
        var caller = t.Peer();
        t.Caller.SetPeer(caller.EndPoint, null, rtcpMux: false);
        t.Callee.SetPeer(new IPEndPoint(IPAddress.Any, 4000), null, rtcpMux: false); // c=0.0.0.0 hold

        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        caller.Send(TestPackets.Rtp(2), t.Caller.LocalRtp);

        await Poll.UntilAsync(() => t.Callee.Counters.DroppedNoDestination == 2, "two packets dropped for want of a destination");
        Assert.Equal(2, t.Caller.Counters.RtpReceived);
        Assert.Equal(0, t.Callee.Counters.RtpSent);
        Assert.Equal(2, t.Observer.Of(nameof(IRelayPacketObserver.OnRtp)).Count);
        Assert.Empty(t.Observer.Of(nameof(IRelayPacketObserver.OnRtpSent)));
    }

    [Fact]
    public async Task A_throwing_observer_does_not_stop_the_relay_and_is_logged_once_a_minute()
    {
        using var t = new RelayUnderTest("127.0.20.13", 42160, 42179);
        var (caller, callee) = t.ConnectBothLegs();
        t.Observer.Throw = true;

        for (ushort seq = 1; seq <= 3; seq++)
        {
            caller.Send(TestPackets.Rtp(seq), t.Caller.LocalRtp);
            Assert.Equal(seq, TestPackets.SequenceOf((await callee.ReceiveAsync()).Bytes));
        }

        await t.Observer.WaitForAsync(nameof(IRelayPacketObserver.OnRtpSent), 3);
        Assert.Equal(3, t.Callee.Counters.RtpSent);
        var warning = Assert.Single(t.Log.Lines, e => e.Level == LogLevel.Warning);
        Assert.Contains("call-1@relay.test", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_workers_relay_sessions_independently()
    {
        using var t = new RelayUnderTest("127.0.20.14", 42180, 42199, workers: 2);
        var (caller, callee) = t.ConnectBothLegs();
        var observer = new RecordingObserver();
        using var second = t.Relay.Open("call-2@relay.test", observer);
        var secondCaller = t.Peer();
        var secondCallee = t.Peer();
        second.Caller.SetPeer(secondCaller.EndPoint, null, rtcpMux: false);
        second.Callee.SetPeer(secondCallee.EndPoint, null, rtcpMux: false);

        caller.Send(TestPackets.Rtp(1, ssrc: 1), t.Caller.LocalRtp);
        secondCaller.Send(TestPackets.Rtp(1, ssrc: 2), second.Caller.LocalRtp);

        Assert.Equal(1u, TestPackets.SsrcOf((await callee.ReceiveAsync()).Bytes));
        Assert.Equal(2u, TestPackets.SsrcOf((await secondCallee.ReceiveAsync()).Bytes));
        Assert.Equal(2, t.Relay.OpenSessions);
        Assert.Equal(2, t.Relay.Totals.Packets.RtpSent);
    }

    [Fact]
    public async Task Rtp_flows_over_IPv6()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Fail("IPv6 is not available on this machine; the relay must work over it.");
        }

        using var t = new RelayUnderTest("::1", 42900, 42919);
        var (caller, callee) = t.ConnectBothLegs();

        caller.Send(TestPackets.Rtp(9), t.Caller.LocalRtp);

        var (bytes, from) = await callee.ReceiveAsync();
        Assert.Equal(9, TestPackets.SequenceOf(bytes));
        Assert.Equal(t.Callee.LocalRtp, from);
        Assert.Equal(caller.EndPoint, t.Caller.LatchedRtpSource);
    }
}
