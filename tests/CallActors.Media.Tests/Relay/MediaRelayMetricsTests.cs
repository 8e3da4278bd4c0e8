using System.Diagnostics.Metrics;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>The "CallActors.Media" meter, summed over every relay of the process (other tests' included, so the
/// assertions are lower bounds); address 127.0.20.80, ports 42800–42819.</summary>
public sealed class MediaRelayMetricsTests
{
    [Fact]
    public async Task Relayed_packets_and_open_sessions_are_reported_and_a_disposed_relay_keeps_its_counts()
    {
        long relayed;
        using (var t = new RelayUnderTest("127.0.20.80", 42800, 42819))
        {
            // The meter exists from the first relay of the process on.
            var before = Observe("callactors.media.relay.packets", "kind", "rtp");
            Assert.True(Observe("callactors.media.relay.sessions") >= 1, "the open session is not counted");
            var (caller, callee) = t.ConnectBothLegs();
            for (ushort seq = 1; seq <= 3; seq++)
            {
                caller.Send(TestPackets.Rtp(seq), t.Caller.LocalRtp);
                await callee.ReceiveAsync();
            }

            await t.Observer.WaitForAsync(nameof(IRelayPacketObserver.OnRtpSent), 3);
            relayed = Observe("callactors.media.relay.packets", "kind", "rtp");
            Assert.True(relayed >= before + 3, $"relayed {relayed}, before {before}");
            Assert.True(Observe("callactors.media.relay.drops", "reason", "malformed") >= 0);
        }

        // A counter that went back would read as a reset to Prometheus, and rate() would show a spike.
        var after = Observe("callactors.media.relay.packets", "kind", "rtp");
        Assert.True(after >= relayed, $"went back from {relayed} to {after} when the relay was disposed");
    }

    private static long Observe(string instrument, string? tag = null, string? value = null)
    {
        long total = 0;
        var seen = false;
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == MediaRelayMetrics.MeterName && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        void OnMeasurement(long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var t in tags)
            {
                if (t.Key == tag && !Equals(t.Value, value))
                {
                    return;
                }
            }

            seen = true;
            total += measurement;
        }

        listener.SetMeasurementEventCallback<long>((_, m, tags, _) => OnMeasurement(m, tags));
        listener.SetMeasurementEventCallback<int>((_, m, tags, _) => OnMeasurement(m, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.True(seen, $"{instrument} reported nothing");
        return total;
    }
}
