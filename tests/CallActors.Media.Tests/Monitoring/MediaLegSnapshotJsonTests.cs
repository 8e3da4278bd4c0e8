using System.Text.Json;
using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using static CallActors.Media.Tests.Monitoring.MediaLegMonitorTests;
using static CallActors.Media.Tests.Monitoring.Traffic;

namespace CallActors.Media.Tests.Monitoring;

public sealed class MediaLegSnapshotJsonTests
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    [Fact]
    public void A_full_snapshot_round_trips_and_its_groups_carry_the_model_labels()
    {
        var snapshot = BusyLeg().Snapshot();
        Assert.NotNull(snapshot.RemoteRtcp?.RoundTripMilliseconds);
        Assert.NotNull(snapshot.Inbound.G107);

        foreach (var options in new[] { JsonSerializerOptions.Default, SnakeCase })
        {
            // System.Text.Json refuses NaN and infinities by default, so serialising at all proves there are none.
            var json = JsonSerializer.Serialize(snapshot, options);
            // Records compare lists by reference, so the round trip is compared as JSON.
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<MediaLegSnapshot>(json, options), options));
        }

        var snake = JsonSerializer.Serialize(snapshot, SnakeCase);
        foreach (var label in new[] { "\"rfc3550\":{", "\"g107\":{", "\"freeswitch\":{", "\"remote_rtcp\":{", "\"one_way_audio\":false" })
        {
            Assert.Contains(label, snake, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_empty_snapshot_round_trips_with_nulls()
    {
        var snapshot = new MediaLegMonitor(new MediaMonitorOptions()).Snapshot();

        var json = JsonSerializer.Serialize(snapshot, SnakeCase);

        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<MediaLegSnapshot>(json, SnakeCase), SnakeCase));
        Assert.Contains("\"rfc3550\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"remote_rtcp\":null", json, StringComparison.Ordinal);
    }

    private static MediaLegMonitor BusyLeg()
    {
        const uint ours = 0xB0B0B0B0;
        var monitor = Monitor();
        FeedPcmu(monitor, 500, i => i % 31 == 5);
        for (var i = 0; i < 500; i++)
        {
            monitor.OnOutboundRtp(Rtp(0, (ushort)i, (uint)(160 * i), ours));
        }

        monitor.OnOutboundRtcp(SenderReport(ours, 0x0000_1234_5678_0000), T0);
        var block = new RtcpReportBlock(ours, 3, 4, 500, 33, 0x1234_5678, 0x0000_0100);
        monitor.OnInboundRtcp(Compound(ReceiverReport(0xA1A1A1A1, block), VoipMetrics(0xA1A1A1A1, ours, 88, 42, 41)), T0 + (80 * NanosPerMs));
        return monitor;
    }
}
