using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class ComfortNoiseTests
{
    [Fact]
    public void Cn_packet_on_pt_13_yields_level_and_coefficients()
    {
        // RFC 3389 payload: level 64 −dBov, two reflection coefficients.
        Assert.True(RtpPacket.TryParse(Hex.Bytes("800D0010 00001000 CA110000 40 7F81"), out var rtp, out _));
        Assert.True(ClockRateResolver.Static.IsComfortNoise(rtp.PayloadType));

        Assert.True(ComfortNoise.TryParse(rtp.Payload, out var cn, out var error));
        Assert.Null(error);
        Assert.Equal(64, cn.NoiseLevel);
        Assert.Equal(Hex.Bytes("7F81"), cn.ReflectionCoefficients.ToArray());
    }

    [Theory]
    [InlineData("", PacketErrors.ComfortNoiseEmpty)]
    [InlineData("80", PacketErrors.ComfortNoiseLevel)]
    public void Malformed_cn_payload_is_rejected(string hex, string expected)
    {
        Assert.False(ComfortNoise.TryParse(Hex.Bytes(hex), out _, out var error));
        Assert.Equal(expected, error);
    }
}
