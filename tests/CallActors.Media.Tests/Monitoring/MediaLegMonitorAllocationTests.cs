using System.Buffers.Binary;
using CallActors.Media.Packets;
using static CallActors.Media.Tests.Monitoring.MediaLegMonitorTests;
using static CallActors.Media.Tests.Monitoring.Traffic;

namespace CallActors.Media.Tests.Monitoring;

public sealed class MediaLegMonitorAllocationTests
{
    [Fact]
    public void Packets_allocate_nothing()
    {
        const uint ours = 0xB0B0B0B0;
        var monitor = Monitor();
        var inbound = Rtp(0, 0, 0, 0xA1A1A1A1);
        var dtmf = Rtp(101, 0, 0, 0xA1A1A1A1, payloadBytes: 4);
        var outbound = Rtp(0, 0, 0, ours);
        var senderReport = SenderReport(ours, 0x0000_1234_5678_0000);
        var receiverReport = Compound(
            ReceiverReport(0xA1A1A1A1, new RtcpReportBlock(ours, 3, 4, 500, 33, 0x1234_5678, 0x0000_0100)),
            VoipMetrics(0xA1A1A1A1, ours, 88, 42, 41));

        void Run(int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                var nanos = T0 + (i * 20 * NanosPerMs) + (i % 7 * 300_000);
                var packet = i % 100 < 3 ? dtmf : inbound;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)i);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), (uint)(160 * i));
                if (i % 53 != 0) // some loss
                {
                    monitor.OnInboundRtp(packet, nanos);
                }

                BinaryPrimitives.WriteUInt16BigEndian(outbound.AsSpan(2), (ushort)i);
                monitor.OnOutboundRtp(outbound);
                if (i % 250 == 0)
                {
                    monitor.OnOutboundRtcp(senderReport, nanos);
                    monitor.OnInboundRtcp(receiverReport, nanos + (40 * NanosPerMs));
                }
            }
        }

        Run(0, 3000); // warm-up: past FreeSWITCH's lead-in and first rate checks, every path jitted
        // Tiered compilation can still swap a method's code in during a measured round (a one-off allocation on this
        // thread on a loaded machine), so the least of three rounds counts: a per-packet allocation shows in every one.
        var allocations = new long[3];
        for (var round = 0; round < allocations.Length; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(3000 + (round * 10_000), 10_000);
            allocations[round] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.True(allocations.Min() == 0, $"bytes allocated per round of 10,000 packets: {string.Join(", ", allocations)}");
        Assert.Equal(33_000 - 623, monitor.Snapshot().Inbound.Counts.Packets);
    }
}
