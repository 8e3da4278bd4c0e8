using CallActors.TestKit;
using System.Diagnostics;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>One worker shared by a flooded session and a quiet one; addresses 127.0.20.60–69, ports 42600–42699.</summary>
public sealed class MediaRelayFairnessTests
{
    private const int FloodPackets = 50_000;
    private const int QuietPackets = 50;

    [Fact]
    public async Task A_flood_on_one_session_does_not_stop_another_sessions_stream()
    {
        using var t = new RelayUnderTest("127.0.20.60", 42600, 42699);
        var (flooder, floodSink) = t.ConnectBothLegs();
        // 20 µs of observer work per packet keeps the flooded session slower than the flood: its socket never runs dry.
        t.Observer.AfterRtp = () => SpinFor(TimeSpan.FromMicroseconds(20));
        var observer = new RecordingObserver();
        using var quiet = t.Relay.Open("quiet@relay.test", observer);
        var quietCaller = t.Peer();
        var quietCallee = t.Peer();
        quiet.Caller.SetPeer(quietCaller.EndPoint, null, rtcpMux: false);
        quiet.Callee.SetPeer(quietCallee.EndPoint, null, rtcpMux: false);
        using var quietDone = new CancellationTokenSource();
        var flood = Task.Run(() =>
        {
            var packet = TestPackets.Rtp(0, ssrc: 0xF100D);
            var sent = 0;
            while (sent < FloodPackets || !quietDone.IsCancellationRequested)
            {
                flooder.Send(packet, t.Caller.LocalRtp);
                sent++;
            }

            return sent;
        });

        await Poll.UntilAsync(() => t.Caller.Counters.RtpReceived >= 1_000, "the flood to be under way");

        // The quiet stream runs while the flood goes on: each of its packets must come through.
        var floodedBefore = t.Caller.Counters.RtpReceived;
        for (ushort seq = 1; seq <= QuietPackets; seq++)
        {
            quietCaller.Send(TestPackets.Rtp(seq, ssrc: 0x9017), quiet.Caller.LocalRtp);
            var (bytes, _) = await quietCallee.ReceiveAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(seq, TestPackets.SequenceOf(bytes));
        }

        Assert.True(t.Caller.Counters.RtpReceived > floodedBefore, "the flood was not being relayed alongside the quiet stream");
        await quietDone.CancelAsync();
        var flooded = await flood;

        // The flooded stream itself carries on once the flood is over. Its first packets may still meet full socket
        // buffers (the relay's or the sink's), so the stream keeps going at 50 packets/s until one gets through.
        using var through = new CancellationTokenSource();
        var stream = Task.Run(async () =>
        {
            for (ushort seq = 1; !through.IsCancellationRequested; seq++)
            {
                flooder.Send(TestPackets.Rtp(seq, ssrc: 0xCA11), t.Caller.LocalRtp);
                await Task.Delay(20);
            }
        });
        await floodSink.ReceiveMatchingAsync(b => TestPackets.SsrcOf(b) == 0xCA11);
        await through.CancelAsync();
        await stream;
        Assert.Equal(QuietPackets, quiet.Callee.Counters.RtpSent);
        Assert.True(flooded >= FloodPackets);
    }

    private static void SpinFor(TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
        }
    }
}
