using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class RtcpXrVoipMetricsTests
{
    // Hand-built; tshark's RTCP-XR dissector reads the same values (127 shown as "Unavailable").
    // XR (RFC 3611 §2), length 10 words, reporter 0x11223344, then one VoIP Metrics block (§4.7, BT 7, 8 words):
    //   SSRC 0xCA110000 | loss 13 | discard 5 | burst density 64 | gap density 2
    //   burst duration 120 ms | gap duration 8000 ms | RTD 50 ms | ESD 80 ms
    //   signal −20 dBm0 (0xEC) | noise −60 dBm0 (0xC4) | RERL 127 (unavailable) | Gmin 16
    //   R 93 | ext R 127 | MOS-LQ 41 | MOS-CQ 127
    //   RX config 0xB5 = PLC 10 (enhanced), JBA 11 (adaptive), JB rate 5 | reserved | JB nominal 40
    //   JB maximum 120 | JB abs max 240
    private const string VoipMetricsReport =
        "80CF000A 11223344" +
        "07000008 CA110000 0D054002 00781F40 00320050 ECC47F10 5D7F297F B5000028 007800F0";

    [Fact]
    public void Voip_metrics_block_yields_every_field_and_treats_127_as_unavailable()
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes(VoipMetricsReport), out var compound, out _));
        var packets = compound.GetEnumerator();
        Assert.True(packets.MoveNext());
        Assert.True(RtcpExtendedReport.TryParse(packets.Current, out var xr, out var error));
        Assert.Null(error);
        Assert.Equal(0x11223344u, xr.Ssrc);

        var blocks = xr.GetEnumerator();
        Assert.True(blocks.MoveNext());
        Assert.True(RtcpXrVoipMetrics.TryParse(blocks.Current, out var m, out error));
        Assert.Null(error);
        Assert.False(blocks.MoveNext());

        Assert.Equal(0xCA110000u, m.Ssrc);
        Assert.Equal(13, m.LossRate);
        Assert.Equal(13 / 256.0, m.LossRateRatio);
        Assert.Equal(5, m.DiscardRate);
        Assert.Equal(0.25, m.BurstDensityRatio);
        Assert.Equal(2, m.GapDensity);
        Assert.Equal(120, m.BurstDuration);
        Assert.Equal(8000, m.GapDuration);
        Assert.Equal(50, m.RoundTripDelay);
        Assert.Equal(80, m.EndSystemDelay);
        Assert.Equal((sbyte)-20, m.SignalLevel);
        Assert.Equal((sbyte)-60, m.NoiseLevel);
        Assert.Null(m.ResidualEchoReturnLoss);
        Assert.Equal(16, m.Gmin);
        Assert.Equal((byte)93, m.RFactor);
        Assert.Null(m.ExternalRFactor);
        Assert.Equal(4.1, m.MosLq);
        Assert.Null(m.MosCq);
        Assert.Equal(PacketLossConcealment.Enhanced, m.PacketLossConcealment);
        Assert.Equal(JitterBufferAdaptivity.Adaptive, m.JitterBufferAdaptivity);
        Assert.Equal(5, m.JitterBufferRate);
        Assert.Equal(40, m.JitterBufferNominal);
        Assert.Equal(120, m.JitterBufferMaximum);
        Assert.Equal(240, m.JitterBufferAbsoluteMaximum);
    }

    [Fact]
    public void Other_blocks_are_skipped_and_refused_as_voip_metrics()
    {
        // Receiver Reference Time block (BT 4, 2 words) before the VoIP Metrics block.
        var datagram = Hex.Bytes(
            "80CF000D 11223344 04000002 E8F1A2B3 80000000" +
            "07000008 CA110000 0D054002 00781F40 00320050 ECC47F10 5D7F297F B5000028 007800F0");
        Assert.True(RtcpCompoundPacket.TryParse(datagram, out var compound, out _));
        var packets = compound.GetEnumerator();
        Assert.True(packets.MoveNext());
        Assert.True(RtcpExtendedReport.TryParse(packets.Current, out var xr, out _));

        var types = new List<byte>();
        foreach (var block in xr)
        {
            types.Add(block.BlockType);
            if (block.BlockType != RtcpXrVoipMetrics.BlockTypeValue)
            {
                Assert.False(RtcpXrVoipMetrics.TryParse(block, out _, out var error));
                Assert.Equal(PacketErrors.XrWrongBlockType, error);
            }
        }

        Assert.Equal([(byte)4, (byte)7], types);
    }

    [Fact]
    public void Voip_metrics_block_of_the_wrong_length_is_refused()
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes("80CF0003 11223344 07000001 CA110000"), out var compound, out _));
        var packets = compound.GetEnumerator();
        Assert.True(packets.MoveNext());
        Assert.True(RtcpExtendedReport.TryParse(packets.Current, out var xr, out _));
        var blocks = xr.GetEnumerator();
        Assert.True(blocks.MoveNext());

        Assert.False(RtcpXrVoipMetrics.TryParse(blocks.Current, out _, out var error));
        Assert.Equal(PacketErrors.XrBlockLength, error);
    }
}
