using CallActors.Media.Packets;

namespace CallActors.Media.Tests.Packets;

public sealed class PayloadTypesTests
{
    [Theory]
    [InlineData(0, "PCMU", 8000)]
    [InlineData(3, "GSM", 8000)]
    [InlineData(4, "G723", 8000)]
    [InlineData(8, "PCMA", 8000)]
    [InlineData(9, "G722", 8000)] // RFC 3551 §4.5.2: 8000 on the wire although G.722 samples at 16 kHz
    [InlineData(6, "DVI4", 16000)]
    [InlineData(10, "L16", 44100)]
    [InlineData(13, "CN", 8000)]
    [InlineData(14, "MPA", 90000)]
    [InlineData(17, "DVI4", 22050)]
    [InlineData(18, "G729", 8000)]
    [InlineData(34, "H263", 90000)]
    public void Static_payload_types_follow_rfc_3551(int payloadType, string name, int clockRate)
    {
        Assert.Equal(clockRate, PayloadTypes.GetStaticClockRate(payloadType));
        Assert.Equal(name, PayloadTypes.GetStaticEncodingName(payloadType));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    [InlineData(96)]
    [InlineData(127)]
    [InlineData(200)]
    public void Unassigned_and_dynamic_payload_types_have_no_static_clock(int payloadType) =>
        Assert.Null(PayloadTypes.GetStaticClockRate(payloadType));

    [Theory]
    [InlineData("a=rtpmap:111 opus/48000/2", 111, "opus", 48000, 2)]
    [InlineData("101 telephone-event/8000", 101, "telephone-event", 8000, 1)]
    [InlineData("rtpmap:13 CN/8000", 13, "CN", 8000, 1)]
    [InlineData(" 9 G722/8000 ", 9, "G722", 8000, 1)]
    public void Rtpmap_attribute_is_parsed(string value, int payloadType, string name, int clockRate, int channels)
    {
        Assert.True(RtpMap.TryParse(value, out var rtpMap));
        Assert.Equal(new RtpMap((byte)payloadType, name, clockRate, channels), rtpMap);
    }

    [Theory]
    [InlineData("a=rtpmap:opus/48000")]
    [InlineData("a=rtpmap:128 opus/48000")]
    [InlineData("a=rtpmap:111 opus")]
    [InlineData("a=rtpmap:111 opus/abc")]
    [InlineData("a=rtpmap:111 opus/48000/0")]
    public void Malformed_rtpmap_is_rejected(string value) => Assert.False(RtpMap.TryParse(value, out _));

    [Fact]
    public void Resolver_prefers_sdp_rtpmaps_and_falls_back_to_the_static_table()
    {
        var resolver = new ClockRateResolver(
        [
            new RtpMap(111, "opus", 48000, 2),
            new RtpMap(101, "telephone-event", 8000),
            new RtpMap(97, "CN", 16000),
        ]);

        Assert.Equal(48000, resolver.GetClockRate(111));
        Assert.Equal(CodecFamily.Opus, resolver.GetCodecFamily(111));
        Assert.Equal(8000, resolver.GetClockRate(101));
        Assert.True(resolver.IsTelephoneEvent(101));
        Assert.False(resolver.IsTelephoneEvent(111));
        Assert.Equal(16000, resolver.GetClockRate(97));
        Assert.True(resolver.IsComfortNoise(97));
        Assert.True(resolver.IsComfortNoise(PayloadTypes.ComfortNoise));
        Assert.Equal(8000, resolver.GetClockRate(PayloadTypes.G722));
        Assert.Equal(CodecFamily.G711, resolver.GetCodecFamily(PayloadTypes.Pcma));
        Assert.Null(resolver.GetClockRate(102));
        Assert.Equal(CodecFamily.Unknown, resolver.GetCodecFamily(102));
    }

    [Fact]
    public void Static_resolver_knows_no_dynamic_types()
    {
        Assert.Null(ClockRateResolver.Static.GetClockRate(101));
        Assert.False(ClockRateResolver.Static.IsTelephoneEvent(101));
        Assert.Equal(8000, ClockRateResolver.Static.GetClockRate(PayloadTypes.Pcmu));
    }

    [Theory]
    [InlineData("PCMU", CodecFamily.G711)]
    [InlineData("pcma", CodecFamily.G711)]
    [InlineData("OPUS", CodecFamily.Opus)]
    [InlineData("AMR-WB", CodecFamily.AmrWb)]
    [InlineData("telephone-event", CodecFamily.TelephoneEvent)]
    [InlineData("CN", CodecFamily.ComfortNoise)]
    [InlineData("H264", CodecFamily.Video)]
    [InlineData("x-unknown", CodecFamily.Unknown)]
    public void Encoding_name_maps_to_a_codec_family(string name, CodecFamily family) =>
        Assert.Equal(family, PayloadTypes.GetCodecFamily(name));

    [Theory]
    [InlineData("opus", 48000)]
    [InlineData("AMR", 8000)]
    [InlineData("AMR-WB", 16000)]
    [InlineData("EVS", 16000)]
    [InlineData("G7221", 16000)]
    [InlineData("telephone-event", 8000)]
    [InlineData("H264", 90000)]
    public void Dynamic_names_have_wiresharks_fallback_clock(string name, int clockRate) =>
        Assert.Equal(clockRate, PayloadTypes.GetDefaultClockRate(name));
}
