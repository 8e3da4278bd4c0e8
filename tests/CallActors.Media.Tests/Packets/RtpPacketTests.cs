using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class RtpPacketTests
{
    // V=2 P=1 X=1 CC=2 | M=1 PT=96 | seq 0x1234 | ts 0xDEADBEEF | SSRC 0x11223344
    // CSRCs 0xAAAAAAAA 0xBBBBBBBB | extension profile 0xBEDE, 1 word: 10 FF 00 00
    // payload 01 02 03 | padding 00 00 03
    private const string EveryOptionalPart =
        "B2E0 1234 DEADBEEF 11223344 AAAAAAAA BBBBBBBB BEDE 0001 10FF0000 010203 000003";

    // Frame 6 of sipp's capture_call_rtpstream.pcap (PCMA, 20 ms of a 1 kHz tone); tshark reads
    // seq 0, timestamp 864, SSRC 0xca110000, PT 8, 160 payload bytes.
    private const string SippPcmaFrame =
        "80080000 00000360 CA110000" +
        "d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03" +
        "d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03" +
        "d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03" +
        "d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03d5838a83d5030a03";

    [Fact]
    public void Header_with_padding_extension_and_csrcs_yields_every_field()
    {
        Assert.True(RtpPacket.TryParse(Hex.Bytes(EveryOptionalPart), out var rtp, out var error));

        Assert.Null(error);
        Assert.Equal(2, rtp.Version);
        Assert.True(rtp.Padding);
        Assert.True(rtp.Extension);
        Assert.True(rtp.Marker);
        Assert.Equal(96, rtp.PayloadType);
        Assert.Equal(0x1234, rtp.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, rtp.Timestamp);
        Assert.Equal(0x11223344u, rtp.Ssrc);
        Assert.Equal(2, rtp.CsrcCount);
        Assert.Equal(0xAAAAAAAAu, rtp.GetCsrc(0));
        Assert.Equal(0xBBBBBBBBu, rtp.GetCsrc(1));
        Assert.Equal(0xBEDE, rtp.ExtensionProfile);
        Assert.Equal(Hex.Bytes("10FF0000"), rtp.ExtensionData.ToArray());
        Assert.Equal(28, rtp.HeaderLength);
        Assert.Equal(3, rtp.PaddingLength);
        Assert.Equal(Hex.Bytes("010203"), rtp.Payload.ToArray());
    }

    [Fact]
    public void Real_sipp_pcma_packet_matches_tshark()
    {
        Assert.True(RtpPacket.TryParse(Hex.Bytes(SippPcmaFrame), out var rtp, out _));

        Assert.False(rtp.Marker);
        Assert.Equal(PayloadTypes.Pcma, rtp.PayloadType);
        Assert.Equal(0, rtp.SequenceNumber);
        Assert.Equal(864u, rtp.Timestamp);
        Assert.Equal(0xCA110000u, rtp.Ssrc);
        Assert.Equal(0, rtp.CsrcCount);
        Assert.False(rtp.Extension);
        Assert.Equal(160, rtp.Payload.Length);
        Assert.Equal(0xD5, rtp.Payload[0]);
        Assert.Equal(0x03, rtp.Payload[^1]);
    }

    [Theory]
    [InlineData("80080000 000003", PacketErrors.Truncated)]
    [InlineData("40080000 00000360 CA110000 00", PacketErrors.BadVersion)]
    [InlineData("C0080000 00000360 CA110000 00", PacketErrors.BadVersion)]
    [InlineData("82080000 00000360 CA110000 AAAAAAAA", PacketErrors.CsrcListTruncated)]
    [InlineData("90080000 00000360 CA110000", PacketErrors.ExtensionTruncated)]
    [InlineData("90080000 00000360 CA110000 BEDE0002 10FF0000", PacketErrors.ExtensionTruncated)]
    [InlineData("A0080000 00000360 CA110000 0102 05", PacketErrors.PaddingTooLong)]
    [InlineData("A0080000 00000360 CA110000 0D", PacketErrors.PaddingTooLong)]
    [InlineData("A0080000 00000360 CA110000 0102 00", PacketErrors.ZeroPaddingLength)]
    public void Malformed_packet_is_rejected_with_its_reason(string hex, string expected)
    {
        Assert.False(RtpPacket.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Padding_that_fills_the_whole_payload_leaves_it_empty()
    {
        Assert.True(RtpPacket.TryParse(Hex.Bytes("A0080000 00000360 CA110000 000003"), out var rtp, out _));
        Assert.True(rtp.Payload.IsEmpty);
    }

    [Fact]
    public void Writer_reproduces_the_hand_built_packet_byte_for_byte()
    {
        var header = new RtpHeader(96, 0x1234, 0xDEADBEEF, 0x11223344)
        {
            Marker = true,
            Csrcs = new uint[] { 0xAAAAAAAA, 0xBBBBBBBB },
            HasExtension = true,
            ExtensionProfile = 0xBEDE,
            ExtensionData = Hex.Bytes("10FF0000"),
            PaddingLength = 3,
        };
        var buffer = new byte[64];

        var written = RtpPacketWriter.Write(buffer, header, Hex.Bytes("010203"));

        Assert.Equal(Hex.Bytes(EveryOptionalPart), buffer[..written]);
        Assert.Equal(written, RtpPacketWriter.GetLength(header, 3));
    }

    [Fact]
    public void Writer_rejects_a_destination_too_small()
    {
        var header = new RtpHeader(8, 1, 2, 3);
        Assert.Throws<ArgumentException>(() => RtpPacketWriter.Write(new byte[13], header, new byte[2]));
    }

    [Theory]
    [InlineData("80080000", MultiplexedPacketKind.Rtp)]
    [InlineData("80880000", MultiplexedPacketKind.Rtp)] // PCMA with the marker bit: 0x88 is not RTCP
    [InlineData("80E50000", MultiplexedPacketKind.Rtp)] // PT 101 with marker
    [InlineData("80C80006", MultiplexedPacketKind.Rtcp)] // SR 200
    [InlineData("81C90007", MultiplexedPacketKind.Rtcp)] // RR 201
    [InlineData("80CF000A", MultiplexedPacketKind.Rtcp)] // XR 207
    [InlineData("00010000", MultiplexedPacketKind.Other)] // STUN binding request
    [InlineData("16FEFD00", MultiplexedPacketKind.Other)] // DTLS
    public void Shared_port_tells_rtp_from_rtcp(string hex, MultiplexedPacketKind expected) =>
        Assert.Equal(expected, MultiplexedPacket.Classify(Hex.Bytes(hex)));
}
