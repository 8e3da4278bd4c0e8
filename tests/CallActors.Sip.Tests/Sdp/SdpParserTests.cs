using System.Text;
using CallActors.Sip.Sdp;

namespace CallActors.Sip.Tests.Sdp;

public sealed class SdpParserTests
{
    public static TheoryData<string> Samples => new()
    {
        nameof(SdpSamples.SippUasAnswer), nameof(SdpSamples.SippUacOfferWithDtmf), nameof(SdpSamples.BaresipOffer),
        nameof(SdpSamples.BaresipHold), nameof(SdpSamples.RtpengineOffer), nameof(SdpSamples.InactiveHold),
        nameof(SdpSamples.Rfc2543Hold), nameof(SdpSamples.Full),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_description_written_back_is_byte_for_byte_what_was_parsed(string sample)
    {
        var text = SdpSamples.Get(sample);

        Assert.True(SdpParser.TryParse(Encoding.UTF8.GetBytes(text), out var session, out var error), error);

        Assert.Equal(text, session.ToString());
        Assert.Equal(Encoding.UTF8.GetBytes(text), session.ToBytes());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Bare_LF_line_ends_are_accepted_and_written_as_CRLF(string sample)
    {
        var text = SdpSamples.Get(sample);

        Assert.True(SdpParser.TryParse(text.Replace("\r\n", "\n", StringComparison.Ordinal), out var session, out var error), error);

        Assert.Equal(text, session.ToString());
    }

    [Fact]
    public void Sipp_answer_gives_its_origin_connection_and_single_PCMU_stream()
    {
        var session = SdpSession.Parse(SdpSamples.SippUasAnswer);

        Assert.Equal("0", session.Version);
        Assert.Equal(new SdpOrigin("user1", "53655765", "2353687637", "IN", "IP4", "127.0.0.202"), session.Origin);
        Assert.Equal("-", session.SessionName);
        Assert.Equal(new SdpConnection("IN", "IP4", "127.0.0.202"), session.Connection);
        Assert.Equal("0 0", session.Timing);
        var audio = Assert.Single(session.Media);
        Assert.Equal("audio", audio.MediaType);
        Assert.Equal(6000, audio.Port);
        Assert.Null(audio.PortCount);
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Equal(["0"], audio.Formats);
        Assert.Equal([new SdpAttribute("rtpmap", "0 PCMU/8000")], audio.Attributes);
    }

    [Fact]
    public void Session_and_media_lines_keep_their_order_and_kinds()
    {
        var session = SdpSession.Parse(SdpSamples.Full);

        Assert.Equal("vosiuecbtra", string.Concat(session.Lines.Select(l => l.Type)));
        Assert.Equal(["mcba", "maa"], session.Media.Select(m => string.Concat(m.Lines.Select(l => l.Type))));
        Assert.Equal("A Seminar on the session description protocol", session.Lines.Single(l => l.Type == 'i').Value);
        Assert.Equal("224.2.17.12/127", session.Connection!.Address);
        Assert.Equal("224.2.17.12", session.Connection.Host);
        Assert.Equal(["AS:64"], session.Media[0].Bandwidths);
        Assert.Equal("video", session.Media[1].MediaType);
        Assert.Equal(51372, session.Media[1].Port);
        Assert.Equal(2, session.Media[1].PortCount);
        Assert.Equal([new SdpAttribute("recvonly", null)], session.Attributes);
    }

    [Theory]
    [InlineData("", "missing v=")]
    [InlineData("o=- 1 1 IN IP4 10.0.0.1\r\nv=0\r\ns=-\r\nt=0 0\r\n", "missing v=")]
    [InlineData("v=0\r\ns=-\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n", "missing o=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\nt=0 0\r\n", "missing s=")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nm=audio 6000 RTP/AVP 0\r\nt=0 0\r\n", "missing t=")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n", "unsupported SDP version")]
    [InlineData("v=0\r\no=- 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n", "o= line")]
    [InlineData("v=0\r\no=- one 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\n", "not a number")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4\r\nt=0 0\r\n", "c= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio RTP/AVP 0\r\n", "bad m= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 6000 RTP/AVP\r\n", "bad m= line")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n", "bad port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio -1 RTP/AVP 0\r\n", "bad port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio six RTP/AVP 0\r\n", "bad port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 5000/0 RTP/AVP 31\r\n", "bad port")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nthis is not SDP\r\n", "not of the form")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\nA=sendrecv\r\n", "not of the form")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nt=0 0\r\na\r\n", "not of the form")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n\r\nt=0 0\r\n", "line 4 is empty")]
    public void Invalid_SDP_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(SdpParser.TryParse(text, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_not_UTF8_is_refused()
    {
        var body = Encoding.UTF8.GetBytes(SdpSamples.SippUasAnswer).Concat(new byte[] { 0x61, 0x3d, 0xff, 0xfe, 0x0d, 0x0a }).ToArray();

        Assert.False(SdpParser.TryParse(body, out _, out var error));

        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_blank_lines_are_tolerated_and_dropped()
    {
        Assert.True(SdpParser.TryParse(SdpSamples.SippUasAnswer + "\r\n", out var session, out var error), error);

        Assert.Equal(SdpSamples.SippUasAnswer, session.ToString());
    }

    [Fact]
    public void Parse_throws_a_FormatException_with_the_reason()
    {
        var exception = Assert.Throws<FormatException>(() => SdpSession.Parse("v=0\r\n"));

        Assert.Contains("missing o=", exception.Message, StringComparison.Ordinal);
    }
}
