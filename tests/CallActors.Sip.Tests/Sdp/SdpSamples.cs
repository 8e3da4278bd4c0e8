namespace CallActors.Sip.Tests.Sdp;

/// <summary>SDP bodies as real peers sent them, copied from the wire (CRLF line ends restored by <see cref="Crlf"/>).
/// Where no peer here produces a case, the sample says it is hand-written.</summary>
internal static class SdpSamples
{
    /// <summary>sipp 3.6.1 <c>-sn uas</c> answering baresip (message trace, 127.0.0.202); its built-in scenario's SDP.</summary>
    public static readonly string SippUasAnswer = Crlf("""
        v=0
        o=user1 53655765 2353687637 IN IP4 127.0.0.202
        s=-
        c=IN IP4 127.0.0.202
        t=0 0
        m=audio 6000 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        """);

    /// <summary>sipp 3.6.1 running the reference uac_rtpstream.xml scenario (capture_call_rtpstream.pcap).</summary>
    public static readonly string SippUacOfferWithDtmf = Crlf("""
        v=0
        o=uac 1000 1000 IN IP4 127.0.0.42
        s=-
        c=IN IP4 127.0.0.42
        t=0 0
        m=audio 6000 RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=sendrecv
        """);

    /// <summary>baresip 1.0.0 dialling sipp with the opus, g722 and g711 modules loaded (message trace): an Opus, G.722,
    /// G.711 and telephone-event offer.</summary>
    public static readonly string BaresipOffer = Crlf("""
        v=0
        o=- 3607671478 1926913082 IN IP4 127.0.0.201
        s=-
        c=IN IP4 127.0.0.201
        t=0 0
        a=tool:baresip 1.0.0
        m=audio 20274 RTP/AVP 96 9 0 8 101
        a=rtpmap:96 opus/48000/2
        a=fmtp:96 stereo=1;sprop-stereo=1
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendrecv
        a=label:1
        a=rtcp-rsize
        a=ssrc:544462457 cname:sip:alice@127.0.0.201
        a=minptime:20
        a=ptime:20
        """);

    /// <summary>The re-INVITE the same baresip sent for its <c>hold</c> command, two seconds later: sendonly, the
    /// negotiated codec only, sess-version one higher.</summary>
    public static readonly string BaresipHold = Crlf("""
        v=0
        o=- 3607671478 1926913083 IN IP4 127.0.0.201
        s=-
        c=IN IP4 127.0.0.201
        t=0 0
        a=tool:baresip 1.0.0
        m=audio 20274 RTP/AVP 0
        a=rtpmap:0 PCMU/8000
        a=sendonly
        a=label:1
        a=rtcp-rsize
        a=ssrc:544462457 cname:sip:alice@127.0.0.201
        a=minptime:20
        a=ptime:20
        """);

    /// <summary>rtpengine's offer output in the Kamailio reference run (rtpengine_probe_output.txt): a=rtcp given.</summary>
    public static readonly string RtpengineOffer = Crlf("""
        v=0
        o=- 1 1 IN IP4 127.0.0.49
        s=-
        c=IN IP4 127.0.0.49
        t=0 0
        m=audio 30000 RTP/AVP 0 101
        a=rtpmap:0 PCMU/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=sendrecv
        a=rtcp:30001
        a=ptime:20
        """);

    /// <summary>Hand-written: an inactive hold re-offer (RFC 3264 §8.4, the form a UA uses when it was already recvonly).</summary>
    public static readonly string InactiveHold = Crlf("""
        v=0
        o=uac 1000 1002 IN IP4 127.0.0.42
        s=-
        c=IN IP4 127.0.0.42
        t=0 0
        m=audio 6000 RTP/AVP 8 101
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=inactive
        """);

    /// <summary>Hand-written: the RFC 2543 hold some old PBXs still send, c=0.0.0.0 with no direction attribute.</summary>
    public static readonly string Rfc2543Hold = Crlf("""
        v=0
        o=pbx 2890844526 2890844527 IN IP4 192.0.2.10
        s=call
        c=IN IP4 0.0.0.0
        t=0 0
        m=audio 16000 RTP/AVP 0 8
        """);

    /// <summary>Hand-written after RFC 4566 §5 and RFC 3264 §10.1: every optional session line, media-level c= and b=,
    /// a video stream with a port count, a session-level direction.</summary>
    public static readonly string Full = Crlf("""
        v=0
        o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5
        s=SDP Seminar
        i=A Seminar on the session description protocol
        u=http://www.example.com/seminars/sdp.pdf
        e=j.doe@example.com (Jane Doe)
        c=IN IP4 224.2.17.12/127
        b=CT:128
        t=2873397496 2873404696
        r=7d 1h 0 25h
        a=recvonly
        m=audio 49170 RTP/AVP 0
        c=IN IP4 10.47.16.6
        b=AS:64
        a=ptime:30
        m=video 51372/2 RTP/AVP 99
        a=rtpmap:99 h263-1998/90000
        a=sendrecv
        """);

    /// <summary>A sample by its field name (for theories).</summary>
    public static string Get(string name) => (string)typeof(SdpSamples).GetField(name)!.GetValue(null)!;

    /// <summary>The same text with CRLF line ends and a final CRLF, as SDP is sent.</summary>
    public static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
