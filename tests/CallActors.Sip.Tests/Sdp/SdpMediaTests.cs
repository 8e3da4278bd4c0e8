using CallActors.Sip.Sdp;

namespace CallActors.Sip.Tests.Sdp;

public sealed class SdpMediaTests
{
    [Fact]
    public void Baresip_offer_lists_its_codecs_in_preference_order_with_their_clocks_and_channels()
    {
        var audio = SdpSession.Parse(SdpSamples.BaresipOffer).Media[0];

        Assert.Equal([96, 9, 0, 8, 101], audio.PayloadTypes);
        Assert.Equal(
            [
                new SdpRtpMap(96, "opus", 48000, 2),
                new SdpRtpMap(9, "G722", 8000),
                new SdpRtpMap(0, "PCMU", 8000),
                new SdpRtpMap(8, "PCMA", 8000),
                new SdpRtpMap(101, "telephone-event", 8000),
            ],
            audio.Rtpmaps);
        Assert.Equal("opus/48000/2", $"{audio.GetRtpMap(96)!.EncodingName}/{audio.GetRtpMap(96)!.ClockRate}/{audio.GetRtpMap(96)!.Channels}");
    }

    [Fact]
    public void Fmtp_is_read_per_payload_type()
    {
        var audio = SdpSession.Parse(SdpSamples.BaresipOffer).Media[0];

        Assert.Equal("0-15", audio.Fmtp(101));
        Assert.Equal("stereo=1;sprop-stereo=1", audio.Fmtp(96));
        Assert.Null(audio.Fmtp(0));
    }

    [Fact]
    public void A_static_payload_type_without_rtpmap_takes_its_RFC_3551_assignment()
    {
        var audio = SdpSession.Parse(SdpSamples.Rfc2543Hold).Media[0];

        Assert.Empty(audio.Rtpmaps);
        Assert.Equal(new SdpRtpMap(0, "PCMU", 8000), audio.GetRtpMap(0));
        Assert.Equal(new SdpRtpMap(8, "PCMA", 8000), audio.GetRtpMap(8));
        Assert.Equal(new SdpRtpMap(18, "G729", 8000), SdpRtpMap.Static(18));
        Assert.Null(audio.GetRtpMap(101));
    }

    [Fact]
    public void Ptime_comes_from_the_media_level_and_falls_back_to_the_session_level()
    {
        Assert.Equal(20, SdpSession.Parse(SdpSamples.BaresipOffer).Media[0].Ptime);
        Assert.Null(SdpSession.Parse(SdpSamples.BaresipOffer).Media[0].MaxPtime);
        Assert.Equal(30, SdpSession.Parse(SdpSamples.Full).Media[0].Ptime);
        Assert.Null(SdpSession.Parse(SdpSamples.SippUasAnswer).Media[0].Ptime);

        var sessionLevel = SdpSession.Parse(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=ptime:40\nm=audio 4000 RTP/AVP 0"));
        Assert.Equal(40, sessionLevel.Media[0].Ptime);
    }

    [Theory]
    [InlineData(nameof(SdpSamples.SippUasAnswer), 0, SdpDirection.SendRecv)]
    [InlineData(nameof(SdpSamples.SippUacOfferWithDtmf), 0, SdpDirection.SendRecv)]
    [InlineData(nameof(SdpSamples.BaresipHold), 0, SdpDirection.SendOnly)]
    [InlineData(nameof(SdpSamples.InactiveHold), 0, SdpDirection.Inactive)]
    // Full: session-level recvonly; the audio section inherits it, the video section overrides it.
    [InlineData(nameof(SdpSamples.Full), 0, SdpDirection.RecvOnly)]
    [InlineData(nameof(SdpSamples.Full), 1, SdpDirection.SendRecv)]
    public void Direction_is_the_media_level_attribute_else_the_session_level_one_else_sendrecv(string sample, int media, SdpDirection expected)
    {
        Assert.Equal(expected, SdpSession.Parse(SdpSamples.Get(sample)).Media[media].Direction);
    }

    [Fact]
    public void Connection_address_is_the_media_level_c_line_else_the_session_level_one()
    {
        var full = SdpSession.Parse(SdpSamples.Full);

        Assert.Equal("10.47.16.6", full.Media[0].ConnectionAddress);
        Assert.Equal("224.2.17.12", full.Media[1].ConnectionAddress);
        Assert.Equal("127.0.0.201", SdpSession.Parse(SdpSamples.BaresipOffer).Media[0].ConnectionAddress);
    }

    [Fact]
    public void Rtcp_port_is_the_rtcp_attribute_else_the_RTP_port_plus_one()
    {
        Assert.Equal(30001, SdpSession.Parse(SdpSamples.RtpengineOffer).Media[0].RtcpPort);
        Assert.Equal(20275, SdpSession.Parse(SdpSamples.BaresipOffer).Media[0].RtcpPort);
        Assert.Equal(6001, SdpSession.Parse(SdpSamples.SippUasAnswer).Media[0].RtcpPort);

        // RFC 3605 §2.1's example, with an address after the port.
        var withAddress = SdpSession.Parse(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 49170 RTP/AVP 0\na=rtcp:53020 IN IP4 126.16.64.4"));
        Assert.Equal(53020, withAddress.Media[0].RtcpPort);
        Assert.False(withAddress.Media[0].IsRtcpMux);
    }

    [Fact]
    public void Rtcp_mux_is_reported()
    {
        var muxed = SdpSession.Parse(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 49170 RTP/AVP 0\na=rtcp-mux"));

        Assert.True(muxed.Media[0].IsRtcpMux);
        Assert.True(muxed.Media[0].HasAttribute("rtcp-mux"));
        Assert.Null(muxed.Media[0].GetAttribute("rtcp-mux"));
    }

    [Fact]
    public void Session_level_attributes_are_read_by_name()
    {
        var session = SdpSession.Parse(SdpSamples.BaresipOffer);

        Assert.Equal("baresip 1.0.0", session.GetAttribute("tool"));
        Assert.Equal("sip:alice@127.0.0.201", session.Media[0].GetAttribute("ssrc")!.Split(" cname:")[1]);
        Assert.Null(session.Direction);
    }
}
