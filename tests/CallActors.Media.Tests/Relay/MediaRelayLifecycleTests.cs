using CallActors.TestKit;
using System.Net;
using System.Net.Sockets;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>Opening and closing sessions and the relay; addresses 127.0.20.50–59, ports 42500–42599.</summary>
public sealed class MediaRelayLifecycleTests
{
    [Fact]
    public async Task Disposing_a_session_frees_its_four_ports_at_once_and_twice_is_harmless()
    {
        using var t = new RelayUnderTest("127.0.20.50", 42500, 42519);
        var (caller, callee) = t.ConnectBothLegs();
        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);
        await callee.ReceiveAsync();
        var ports = new[] { t.Caller.LocalRtp, t.Caller.LocalRtcp, t.Callee.LocalRtp, t.Callee.LocalRtcp };

        t.Session.Dispose();
        t.Session.Dispose();

        AssertCanBind(ports);
        Assert.Equal(0, t.Relay.OpenSessions);
        Assert.Equal((1, 0), (t.Relay.Totals.Packets.RtpSent, t.Relay.Totals.OpenSessions)); // totals outlive the session
    }

    [Fact]
    public void Disposing_the_relay_closes_every_session()
    {
        var t = new RelayUnderTest("127.0.20.51", 42520, 42539);
        using var second = t.Relay.Open("call-2@relay.test", new RecordingObserver());
        var ports = new[] { t.Caller.LocalRtp, t.Callee.LocalRtcp, second.Caller.LocalRtp, second.Callee.LocalRtcp };

        t.Dispose();

        AssertCanBind(ports);
        Assert.Equal(0, t.Relay.OpenSessions);
        t.Session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.Relay.Open("late@relay.test", new RecordingObserver()));
    }

    [Fact]
    public async Task A_session_disposed_while_packets_stream_in_closes_cleanly()
    {
        using var t = new RelayUnderTest("127.0.20.52", 42540, 42559);
        var (caller, callee) = t.ConnectBothLegs();
        var ports = new[] { t.Caller.LocalRtp, t.Caller.LocalRtcp, t.Callee.LocalRtp, t.Callee.LocalRtcp };
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(() =>
        {
            for (ushort seq = 0; !stop.IsCancellationRequested; seq++)
            {
                caller.Send(TestPackets.Rtp(seq), t.Caller.LocalRtp);
                caller.Send(TestPackets.ReceiverReport(1), t.Caller.LocalRtcp);
            }
        });
        await callee.ReceiveAsync();

        t.Session.Dispose();
        await stop.CancelAsync();
        await sender;

        AssertCanBind(ports);
        using var next = t.Relay.Open("call-2@relay.test", new RecordingObserver());
        var nextCallee = t.Peer(); // the first callee's receive buffer is full of the first call's packets
        next.Caller.SetPeer(caller.EndPoint, null, rtcpMux: false);
        next.Callee.SetPeer(nextCallee.EndPoint, null, rtcpMux: false);
        caller.Send(TestPackets.Rtp(1, ssrc: 0x2), next.Caller.LocalRtp);
        Assert.Equal(0x2u, TestPackets.SsrcOf((await nextCallee.ReceiveAsync()).Bytes));
    }

    [Fact]
    public async Task An_observer_may_dispose_its_own_session()
    {
        using var t = new RelayUnderTest("127.0.20.53", 42560, 42579);
        var (caller, _) = t.ConnectBothLegs();
        var ports = new[] { t.Caller.LocalRtp, t.Caller.LocalRtcp, t.Callee.LocalRtp, t.Callee.LocalRtcp };
        t.Observer.AfterRtp = t.Session.Dispose;

        caller.Send(TestPackets.Rtp(1), t.Caller.LocalRtp);

        await Poll.UntilAsync(() => t.Relay.OpenSessions == 0, "the session to close");
        AssertCanBind(ports);
    }

    private static void AssertCanBind(IEnumerable<IPEndPoint> endPoints)
    {
        foreach (var endPoint in endPoints)
        {
            using var socket = new Socket(endPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(endPoint);
        }
    }
}
