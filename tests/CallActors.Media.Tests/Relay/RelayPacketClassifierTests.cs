using CallActors.Media.Relay;
using CallActors.Media.Tests.Packets;

namespace CallActors.Media.Tests.Relay;

public sealed class RelayPacketClassifierTests
{
    [Theory]
    [InlineData("80080000 00000360 CA110000 D5D5", "Rtp")]
    // V=2 P=1 X=1 CC=2, extension of one word, 3 bytes of padding: every length fits.
    [InlineData("B2E0 1234 DEADBEEF 11223344 AAAAAAAA BBBBBBBB BEDE 0001 10FF0000 010203 000003", "Rtp")]
    // PT 72 without the marker: RTP for a relay (MultiplexedPacket would call it RTCP).
    [InlineData("80480000 00000360 CA110000", "Rtp")]
    [InlineData("80C90001 CA110000", "Rtcp")]
    [InlineData("81C80006 CA110000 00000000 00000000 00000000 00000000 00000000", "Rtcp")]
    public void Valid_packets_are_classified(string hex, string expected) =>
        Assert.Equal(Enum.Parse<RelayPacketKind>(expected), RelayPacketClassifier.Classify(Hex.Bytes(hex)));

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("80080000 00000360 CA11")] // 10 bytes: shorter than the fixed header
    [InlineData("40080000 00000360 CA110000 D5D5")] // version 1
    [InlineData("00080000 00000360 CA110000 D5D5")] // version 0
    [InlineData("83080000 00000360 CA110000 AAAAAAAA")] // 3 CSRCs announced, 1 present
    [InlineData("90080000 00000360 CA110000 BEDE0004 00000000")] // extension of 4 words, 1 present
    [InlineData("A0080000 00000360 CA110000 D5D5D509")] // padding count 9 > 4 payload bytes
    [InlineData("A0080000 00000360 CA110000 D5D5D500")] // padding bit with a zero count
    [InlineData("80C90001 CA11")] // RTCP shorter than 8 bytes
    [InlineData("40C90001 CA110000")] // RTCP version 1
    [InlineData("80C90004 CA110000")] // RTCP length field says 20 bytes, 8 present
    public void Malformed_datagrams_are_rejected(string hex) =>
        Assert.Equal(RelayPacketKind.Malformed, RelayPacketClassifier.Classify(Hex.Bytes(hex)));
}
