using System.Text;
using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class RtcpCompoundPacketTests
{
    // Hand-built from the RFC layouts; tshark (-d udp.port==N,rtcp -V) decodes SenderReportAndSdes and
    // ReceiverReport to the values asserted below, with its frame length check OK.
    // SR (RFC 3550 §6.4.1), RC=1, length 12 words:
    //   SSRC 0x11223344, NTP 0xE8F1A2B3.80000000, RTP ts 864, 50 packets, 8000 octets
    //   block: SSRC 0xCA110000, fraction 32/256, cumulative 2, ext. highest seq 0x00010009,
    //          jitter 4, LSR 0xB7052000, DLSR 0x00054000
    // SDES (RFC 3550 §6.5), SC=1, length 6 words: SSRC 0x11223344, CNAME "user@example.com", null, pad
    private const string SenderReportAndSdes =
        "81C8000C 11223344 E8F1A2B3 80000000 00000360 00000032 00001F40" +
        "CA110000 20000002 00010009 00000004 B7052000 00054000" +
        "81CA0006 11223344 0110 75736572406578616D706C652E636F6D 00 00";

    // RR (RFC 3550 §6.4.2), RC=2, length 13 words: reporter 0x55667788;
    //   block 1 cumulative lost 0xFFFFFE (−2: duplicates), block 2 cumulative 0x7FFFFF, no SR yet (LSR 0)
    private const string ReceiverReport =
        "82C9000D 55667788" +
        "CA110000 00FFFFFE 0002FFFF 000000A0 B7052000 00054000" +
        "DEADBEEF FF7FFFFF 00000010 00000000 00000000 00000000";

    [Fact]
    public void Sender_report_and_sdes_compound_yields_sender_info_block_and_cname()
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes(SenderReportAndSdes), out var compound, out var error));
        Assert.Null(error);

        var types = new List<RtcpPacketType>();
        foreach (var packet in compound)
        {
            types.Add(packet.PacketType);
            if (packet.PacketType == RtcpPacketType.SenderReport)
            {
                Assert.True(RtcpSenderReport.TryParse(packet, out var sr, out _));
                Assert.Equal(0x11223344u, sr.Ssrc);
                Assert.Equal(0xE8F1A2B380000000ul, sr.NtpTimestamp);
                Assert.Equal(0xA2B38000u, sr.NtpMiddle32);
                Assert.Equal(864u, sr.RtpTimestamp);
                Assert.Equal(50u, sr.PacketCount);
                Assert.Equal(8000u, sr.OctetCount);
                Assert.Equal(1, sr.ReportBlocks.Count);
                Assert.True(sr.ProfileExtension.IsEmpty);

                var block = sr.ReportBlocks[0];
                Assert.Equal(new RtcpReportBlock(0xCA110000, 32, 2, 0x00010009, 4, 0xB7052000, 0x00054000), block);
                Assert.Equal(0.125, block.FractionLostRatio);
            }
            else
            {
                Assert.True(RtcpSourceDescription.TryParse(packet, out var sdes, out _));
                Assert.Equal(1, sdes.ChunkCount);
                foreach (var chunk in sdes)
                {
                    Assert.Equal(0x11223344u, chunk.Ssrc);
                    Assert.Equal("user@example.com", Encoding.UTF8.GetString(chunk.CanonicalName));
                }
            }
        }

        Assert.Equal([RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription], types);
    }

    [Fact]
    public void Receiver_report_reads_negative_and_maximum_cumulative_loss()
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes(ReceiverReport), out var compound, out _));
        var enumerator = compound.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.True(RtcpReceiverReport.TryParse(enumerator.Current, out var rr, out _));
        Assert.False(enumerator.MoveNext());

        Assert.Equal(0x55667788u, rr.Ssrc);
        var blocks = new List<RtcpReportBlock>();
        foreach (var block in rr.ReportBlocks)
        {
            blocks.Add(block);
        }

        Assert.Equal(2, blocks.Count);
        Assert.Equal(-2, blocks[0].CumulativeLost);
        Assert.Equal(0x0002FFFFu, blocks[0].ExtendedHighestSequence);
        Assert.Equal(160u, blocks[0].Jitter);
        Assert.Equal(0xFF, blocks[1].FractionLost);
        Assert.Equal(0x7FFFFF, blocks[1].CumulativeLost);
    }

    [Fact]
    public void Round_trip_time_follows_the_rfc_3550_example()
    {
        // RFC 3550 §6.4.1 figure: A 0xb710:8000 (46864.500 s), LSR 0xb705:2000 (46853.125 s),
        // DLSR 0x0005:4000 (5.250 s) → 6.125 s.
        var block = new RtcpReportBlock(0xCA110000, 0, 0, 0, 0, 0xB7052000, 0x00054000);

        var rtt = RtcpTiming.RoundTripTime(block, 0xB7108000);

        Assert.Equal(0x00062000u, rtt);
        Assert.Equal(TimeSpan.FromSeconds(6.125), RtcpTiming.ToTimeSpan(rtt!.Value));
    }

    [Fact]
    public void Round_trip_time_is_unknown_without_a_sender_report_or_when_negative()
    {
        Assert.Null(RtcpTiming.RoundTripTime(new RtcpReportBlock(1, 0, 0, 0, 0, 0, 0x00054000), 0xB7108000));
        Assert.Null(RtcpTiming.RoundTripTime(new RtcpReportBlock(1, 0, 0, 0, 0, 0xB7052000, 0x00054000), 0xB7060000));
    }

    [Fact]
    public void Goodbye_and_app_packets_expose_their_contents()
    {
        var datagram = Hex.Bytes(
            "81CB0002 11223344 03627965" + // BYE, one SSRC, reason "bye"
            "85CC0003 11223344 54455354 CAFEBABE"); // APP subtype 5, name "TEST", 4 data bytes

        Assert.True(RtcpCompoundPacket.TryParse(datagram, out var compound, out _));
        var enumerator = compound.GetEnumerator();

        Assert.True(enumerator.MoveNext());
        Assert.True(RtcpGoodbye.TryParse(enumerator.Current, out var bye, out _));
        Assert.Equal(1, bye.SourceCount);
        Assert.Equal(0x11223344u, bye.GetSsrc(0));
        Assert.Equal("bye", Encoding.UTF8.GetString(bye.Reason));

        Assert.True(enumerator.MoveNext());
        Assert.True(RtcpApplicationDefined.TryParse(enumerator.Current, out var app, out _));
        Assert.Equal(5, app.Subtype);
        Assert.Equal("TEST", Encoding.ASCII.GetString(app.Name));
        Assert.Equal(Hex.Bytes("CAFEBABE"), app.Data.ToArray());

        Assert.False(enumerator.MoveNext());
    }

    [Theory]
    [InlineData("", PacketErrors.RtcpEmpty)]
    [InlineData("81C800", PacketErrors.Truncated)]
    [InlineData("41C80001 11223344", PacketErrors.BadVersion)]
    [InlineData("81C90007 11223344", PacketErrors.RtcpLengthMismatch)] // claims 32 bytes, has 8
    [InlineData("80C90001 11223344 81CA", PacketErrors.Truncated)] // trailing bytes after the last packet
    [InlineData("80C90001 11223344 41CA0001 11223344", PacketErrors.BadVersion)] // second packet bad
    [InlineData("A0C90001 11223309", PacketErrors.PaddingTooLong)]
    public void Malformed_compound_is_rejected_with_its_reason(string hex, string expected)
    {
        Assert.False(RtcpCompoundPacket.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Padding_on_the_last_packet_is_excluded_from_its_body()
    {
        // BYE with one SSRC and 4 bytes of padding.
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes("A1CB0002 11223344 00000004"), out var compound, out _));
        var enumerator = compound.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.Equal(4, enumerator.Current.Body.Length);
        Assert.True(RtcpGoodbye.TryParse(enumerator.Current, out var bye, out _));
        Assert.True(bye.Reason.IsEmpty);
    }

    [Theory]
    [InlineData("82C80006 11223344 E8F1A2B3 80000000 00000360 00000032 00001F40", PacketErrors.RtcpBodyTooShort)] // SR, RC=2, no blocks
    [InlineData("81CA0002 11223344 01057573", PacketErrors.SdesItemTruncated)]
    [InlineData("81CA0002 11223344 01027573", PacketErrors.SdesMissingTerminator)]
    [InlineData("81CB0002 11223344 09627965", PacketErrors.ByeReasonTruncated)]
    [InlineData("80CF0002 11223344 07000008", PacketErrors.XrBlockTruncated)]
    public void Malformed_packet_inside_a_valid_compound_is_rejected(string hex, string expected)
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes(hex), out var compound, out _));
        var enumerator = compound.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        var packet = enumerator.Current;

        var parsed = packet.PacketType switch
        {
            RtcpPacketType.SenderReport => RtcpSenderReport.TryParse(packet, out _, out var e1) ? null : e1,
            RtcpPacketType.SourceDescription => RtcpSourceDescription.TryParse(packet, out _, out var e2) ? null : e2,
            RtcpPacketType.Goodbye => RtcpGoodbye.TryParse(packet, out _, out var e3) ? null : e3,
            _ => RtcpExtendedReport.TryParse(packet, out _, out var e4) ? null : e4,
        };

        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void Typed_parser_refuses_a_packet_of_another_type()
    {
        Assert.True(RtcpCompoundPacket.TryParse(Hex.Bytes(ReceiverReport), out var compound, out _));
        var enumerator = compound.GetEnumerator();
        Assert.True(enumerator.MoveNext());
        Assert.False(RtcpSenderReport.TryParse(enumerator.Current, out _, out var error));
        Assert.Equal(PacketErrors.RtcpWrongType, error);
    }
}
