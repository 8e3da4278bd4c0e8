using CallActors.Sip.Sdp;

namespace CallActors.Sip.Tests.Sdp;

public sealed class SdpSessionEditTests
{
    [Fact]
    public void WithConnectionAddress_rewrites_every_c_line_and_the_origin_address_and_nothing_else()
    {
        var original = SdpSession.Parse(SdpSamples.BaresipOffer);

        var rewritten = original.WithConnectionAddress("203.0.113.10");

        var expected = SdpSamples.BaresipOffer
            .Replace("o=- 3607671478 1926913082 IN IP4 127.0.0.201", "o=- 3607671478 1926913082 IN IP4 203.0.113.10", StringComparison.Ordinal)
            .Replace("c=IN IP4 127.0.0.201", "c=IN IP4 203.0.113.10", StringComparison.Ordinal);
        Assert.Equal(expected, rewritten.ToString());
        // The ssrc cname mentions the old address: it is not a c= line and stays.
        Assert.Contains("a=ssrc:544462457 cname:sip:alice@127.0.0.201\r\n", rewritten.ToString(), StringComparison.Ordinal);
        Assert.Equal(SdpSamples.BaresipOffer, original.ToString());
    }

    [Fact]
    public void WithConnectionAddress_rewrites_media_level_c_lines_and_drops_multicast_suffixes()
    {
        var rewritten = SdpSession.Parse(SdpSamples.Full).WithConnectionAddress("198.51.100.7");

        Assert.Equal(["IN IP4 198.51.100.7"], rewritten.Lines.Where(l => l.Type == 'c').Select(l => l.Value));
        Assert.Equal("IN IP4 198.51.100.7", rewritten.Media[0].Lines.Single(l => l.Type == 'c').Value);
        Assert.Equal("198.51.100.7", rewritten.Media[1].ConnectionAddress);
        Assert.Equal("jdoe 2890844526 2890842807 IN IP4 198.51.100.7", rewritten.Origin.ToString());
    }

    [Fact]
    public void WithConnectionAddress_switches_to_IP6_for_an_IPv6_address()
    {
        var rewritten = SdpSession.Parse(SdpSamples.SippUasAnswer).WithConnectionAddress("2001:db8::10");

        Assert.Equal(new SdpConnection("IN", "IP6", "2001:db8::10"), rewritten.Connection);
        Assert.Equal("IP6", rewritten.Origin.AddressType);
    }

    [Fact]
    public void SetMediaPort_changes_only_the_port_of_that_m_line()
    {
        var session = SdpSession.Parse(SdpSamples.BaresipOffer);

        session.SetMediaPort(0, 31000);

        Assert.Equal(SdpSamples.BaresipOffer.Replace("m=audio 20274 RTP/AVP", "m=audio 31000 RTP/AVP", StringComparison.Ordinal), session.ToString());
        Assert.Equal(31000, session.Media[0].Port);
        Assert.Equal(31001, session.Media[0].RtcpPort);
    }

    [Fact]
    public void SetMediaPort_keeps_the_port_count_and_the_other_sections()
    {
        var session = SdpSession.Parse(SdpSamples.Full);

        session.SetMediaPort(1, 40000);
        session.SetMediaPort(0, 0);

        Assert.Equal("video 40000/2 RTP/AVP 99", session.Media[1].Lines[0].Value);
        Assert.Equal(2, session.Media[1].PortCount);
        Assert.Equal("audio 0 RTP/AVP 0", session.Media[0].Lines[0].Value);
        Assert.True(session.Media[0].IsDisabled);
        Assert.Throws<ArgumentOutOfRangeException>(() => session.SetMediaPort(0, 65536));
        Assert.Throws<ArgumentOutOfRangeException>(() => session.SetMediaPort(2, 4000));
    }

    [Fact]
    public void SetDirection_replaces_the_existing_attribute_where_it_stands()
    {
        var session = SdpSession.Parse(SdpSamples.BaresipHold);

        session.SetDirection(0, SdpDirection.SendRecv);

        Assert.Equal(SdpSamples.BaresipHold.Replace("a=sendonly\r\n", "a=sendrecv\r\n", StringComparison.Ordinal), session.ToString());
        Assert.Equal(SdpDirection.SendRecv, session.Media[0].Direction);
    }

    [Fact]
    public void SetDirection_appends_an_attribute_to_a_section_that_had_none()
    {
        var session = SdpSession.Parse(SdpSamples.SippUasAnswer);

        session.SetDirection(0, SdpDirection.RecvOnly);

        Assert.Equal(SdpSamples.SippUasAnswer + "a=recvonly\r\n", session.ToString());
    }

    [Fact]
    public void SetDirection_overrides_a_session_level_direction_and_collapses_repeated_ones()
    {
        var session = SdpSession.Parse(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\na=sendonly\nm=audio 4000 RTP/AVP 0\na=inactive\na=ptime:20\na=sendonly"));

        session.SetDirection(0, SdpDirection.SendRecv);

        Assert.Equal(["sendrecv", "ptime:20"], session.Media[0].Lines.Skip(1).Select(l => l.Value));
        Assert.Equal(SdpDirection.SendOnly, session.Direction);
        Assert.Equal(SdpDirection.SendRecv, session.Media[0].Direction);
    }

    [Theory]
    // baresip's real hold re-INVITE carried sess-version 1926913083 after 1926913082.
    [InlineData(nameof(SdpSamples.BaresipOffer), "1926913083")]
    [InlineData(nameof(SdpSamples.SippUasAnswer), "2353687638")]
    [InlineData(nameof(SdpSamples.InactiveHold), "1003")]
    public void BumpVersion_adds_one_to_the_session_version(string sample, string expected)
    {
        var session = SdpSession.Parse(SdpSamples.Get(sample));
        var before = session.Origin;

        session.BumpVersion();

        Assert.Equal(before with { SessionVersion = expected }, session.Origin);
    }

    [Theory]
    [InlineData("9", "10")]
    [InlineData("0", "1")]
    [InlineData("199", "200")]
    [InlineData("18446744073709551615", "18446744073709551616")]
    public void The_version_increment_carries_across_digits_without_overflow(string version, string expected)
    {
        var origin = new SdpOrigin("-", "1", version, "IN", "IP4", "10.0.0.1");

        Assert.Equal(expected, origin.WithNextVersion().SessionVersion);
    }

    [Fact]
    public void BumpVersion_leaves_every_other_line_alone()
    {
        var session = SdpSession.Parse(SdpSamples.BaresipOffer);

        session.BumpVersion();

        var hold = SdpSession.Parse(SdpSamples.BaresipHold);
        Assert.Equal(hold.Origin, session.Origin);
        Assert.Equal(SdpSamples.BaresipOffer.Replace(" 1926913082 ", " 1926913083 ", StringComparison.Ordinal), session.ToString());
    }

    [Fact]
    public void Setting_the_origin_replaces_the_o_line_in_place()
    {
        var session = SdpSession.Parse(SdpSamples.SippUasAnswer);

        session.Origin = new SdpOrigin("callactors", "7734", "1", "IN", "IP4", "203.0.113.10");

        Assert.Equal("o=callactors 7734 1 IN IP4 203.0.113.10", session.Lines[1].ToString());
    }

    [Fact]
    public void RemoveAttributes_drops_ICE_lines_everywhere()
    {
        var session = SdpSession.Parse(SdpSamples.Crlf("""
            v=0
            o=- 1 1 IN IP4 10.0.0.5
            s=-
            a=ice-lite
            c=IN IP4 10.0.0.5
            t=0 0
            m=audio 40000 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=candidate:1 1 UDP 2130706431 10.0.0.5 40000 typ host
            a=candidate:2 1 UDP 1694498815 198.51.100.5 40000 typ srflx raddr 10.0.0.5 rport 40000
            a=sendrecv
            """));

        Assert.Equal(2, session.RemoveAttributes("candidate"));
        Assert.Equal(1, session.RemoveAttributes("ice-lite"));

        Assert.Equal(SdpSamples.Crlf("v=0\no=- 1 1 IN IP4 10.0.0.5\ns=-\nc=IN IP4 10.0.0.5\nt=0 0\nm=audio 40000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\na=sendrecv"), session.ToString());
    }

    [Fact]
    public void A_clone_is_independent_of_its_source()
    {
        var session = SdpSession.Parse(SdpSamples.SippUasAnswer);

        var clone = session.Clone();
        clone.SetMediaPort(0, 7000);
        clone.SetDirection(0, SdpDirection.Inactive);
        clone.BumpVersion();

        Assert.Equal(SdpSamples.SippUasAnswer, session.ToString());
        Assert.Equal(7000, clone.Media[0].Port);
        Assert.Equal(SdpDirection.Inactive, clone.Media[0].Direction);
    }

    [Theory]
    [InlineData(nameof(SdpSamples.BaresipHold), true)]
    [InlineData(nameof(SdpSamples.InactiveHold), true)]
    [InlineData(nameof(SdpSamples.Rfc2543Hold), true)]
    [InlineData(nameof(SdpSamples.BaresipOffer), false)]
    [InlineData(nameof(SdpSamples.SippUasAnswer), false)]
    [InlineData(nameof(SdpSamples.SippUacOfferWithDtmf), false)]
    // recvonly is the held party's answer, not a hold offer.
    [InlineData(nameof(SdpSamples.Full), false)]
    public void IsHold_recognises_sendonly_inactive_and_0_0_0_0(string sample, bool expected)
    {
        Assert.Equal(expected, SdpSession.Parse(SdpSamples.Get(sample)).IsHold);
    }

    [Fact]
    public void IsHold_needs_every_enabled_audio_stream_held()
    {
        const string TwoStreams = "v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 4000 RTP/AVP 0\na=sendonly\nm=audio 4002 RTP/AVP 0\n";

        Assert.False(SdpSession.Parse(TwoStreams + "a=sendrecv\n").IsHold);
        Assert.True(SdpSession.Parse(TwoStreams + "a=inactive\n").IsHold);
        // A disabled stream (port 0) does not count, and a description with no enabled audio is no hold.
        Assert.True(SdpSession.Parse(TwoStreams.Replace("m=audio 4002", "m=audio 0", StringComparison.Ordinal) + "a=sendrecv\n").IsHold);
        Assert.False(SdpSession.Parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=audio 0 RTP/AVP 0\na=sendonly\n").IsHold);
        Assert.False(SdpSession.Parse("v=0\no=- 1 1 IN IP4 10.0.0.1\ns=-\nc=IN IP4 10.0.0.1\nt=0 0\nm=video 5000 RTP/AVP 31\na=sendonly\n").IsHold);
    }

    [Fact]
    public void Resuming_a_held_call_is_no_longer_a_hold()
    {
        var session = SdpSession.Parse(SdpSamples.BaresipHold);

        session.SetDirection(0, SdpDirection.SendRecv);

        Assert.False(session.IsHold);
    }
}
