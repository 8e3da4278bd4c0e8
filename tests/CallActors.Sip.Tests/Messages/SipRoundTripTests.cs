using System.Text;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Tests;

/// <summary>Parse, serialize, parse again: the second parse sees the same start line, the same headers in the same
/// order and the same body, and the serialized form is canonical (long names, CRLF, one Content-Length) and a fixed
/// point.</summary>
public sealed class SipRoundTripTests
{
    public static TheoryData<string> ValidTortureMessages => SipFixtures.Theory("rfc4475/valid", "inv2543");

    /// <summary>sipp 3.6.1 traffic captured on loopback (the reference pcaps): a call with SDP, and REFER/NOTIFY.</summary>
    public static TheoryData<string> SippTraffic => SipFixtures.Theory("traffic");

    public static TheoryData<string> BaresipTraffic
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var name in BaresipMessages.Keys)
            {
                data.Add(name);
            }
            return data;
        }
    }

    // Written in the shape baresip 1.0.0 gives its messages (comma lists without spaces, a Contact with a
    // per-account user part, ;transport=udp, User-Agent, a bare addr-spec Refer-To).
    private static readonly Dictionary<string, string> BaresipMessages = new(StringComparer.Ordinal)
    {
        ["invite"] = WithBody("""
            INVITE sip:bob@127.0.0.43:5090 SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bK4c9ad0a2b5e6e3f1;rport
            Contact: <sip:alice-0x5601a8f0@127.0.0.42:5062;transport=udp>
            Max-Forwards: 70
            To: <sip:bob@127.0.0.43:5090>
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24319 INVITE
            User-Agent: baresip v1.0.0 (x86_64/linux)
            Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,REFER
            Supported: replaces,norefersub
            Content-Type: application/sdp
            """, """
            v=0
            o=- 1712345678 1712345679 IN IP4 127.0.0.42
            s=-
            c=IN IP4 127.0.0.42
            t=0 0
            m=audio 10000 RTP/AVP 0 8 101
            b=AS:64
            a=rtpmap:0 PCMU/8000
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=sendrecv
            a=ptime:20

            """),
        ["180"] = WithBody("""
            SIP/2.0 180 Ringing
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bK4c9ad0a2b5e6e3f1;rport=5062;received=127.0.0.42
            Contact: <sip:bob-0x55c2b7e0@127.0.0.43:5090;transport=udp>
            To: <sip:bob@127.0.0.43:5090>;tag=0a4f6c2d9e1b3857
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24319 INVITE
            User-Agent: baresip v1.0.0 (x86_64/linux)
            Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,REFER
            """, ""),
        ["200"] = WithBody("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bK4c9ad0a2b5e6e3f1;rport=5062;received=127.0.0.42
            Contact: <sip:bob-0x55c2b7e0@127.0.0.43:5090;transport=udp>
            To: <sip:bob@127.0.0.43:5090>;tag=0a4f6c2d9e1b3857
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24319 INVITE
            Server: baresip v1.0.0 (x86_64/linux)
            Allow: INVITE,ACK,BYE,CANCEL,OPTIONS,NOTIFY,SUBSCRIBE,INFO,MESSAGE,REFER
            Supported: replaces,norefersub
            Content-Type: application/sdp
            """, """
            v=0
            o=- 1712345690 1712345691 IN IP4 127.0.0.43
            s=-
            c=IN IP4 127.0.0.43
            t=0 0
            m=audio 10002 RTP/AVP 0 101
            a=rtpmap:0 PCMU/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=sendrecv
            a=ptime:20

            """),
        ["ack"] = WithBody("""
            ACK sip:bob-0x55c2b7e0@127.0.0.43:5090;transport=udp SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bK99e3f0c1a2b4d6e8;rport
            Max-Forwards: 70
            To: <sip:bob@127.0.0.43:5090>;tag=0a4f6c2d9e1b3857
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24319 ACK
            """, ""),
        ["refer"] = WithBody("""
            REFER sip:bob-0x55c2b7e0@127.0.0.43:5090;transport=udp SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bKd1e2f3a4b5c6d7e8;rport
            Contact: <sip:alice-0x5601a8f0@127.0.0.42:5062;transport=udp>
            Max-Forwards: 70
            To: <sip:bob@127.0.0.43:5090>;tag=0a4f6c2d9e1b3857
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24320 REFER
            Refer-To: sip:carol@127.0.0.43:5090
            Referred-By: <sip:alice@127.0.0.42>
            """, ""),
        ["bye"] = WithBody("""
            BYE sip:bob-0x55c2b7e0@127.0.0.43:5090;transport=udp SIP/2.0
            Via: SIP/2.0/UDP 127.0.0.42:5062;branch=z9hG4bK0f1e2d3c4b5a6978;rport
            Contact: <sip:alice-0x5601a8f0@127.0.0.42:5062;transport=udp>
            Max-Forwards: 70
            To: <sip:bob@127.0.0.43:5090>;tag=0a4f6c2d9e1b3857
            From: "Alice" <sip:alice@127.0.0.42>;tag=7c3a1f90d2b84e61
            Call-ID: 5d2e6b0f9a1c4e88
            CSeq: 24321 BYE
            User-Agent: baresip v1.0.0 (x86_64/linux)
            """, ""),
    };

    [Theory]
    [MemberData(nameof(ValidTortureMessages))]
    public void A_valid_torture_message_round_trips(string name) =>
        AssertRoundTrips(SipFixtures.Load($"rfc4475/valid/{name}.sip"));

    [Theory]
    [MemberData(nameof(SippTraffic))]
    public void Sipp_traffic_round_trips(string name) =>
        AssertRoundTrips(SipFixtures.Load($"traffic/{name}.sip"));

    [Theory]
    [MemberData(nameof(BaresipTraffic))]
    public void Baresip_traffic_round_trips(string name) =>
        AssertRoundTrips(SipFixtures.Crlf(BaresipMessages[name]));

    [Fact]
    public void The_canonical_form_of_a_compact_folded_message_is_the_long_form_on_single_lines()
    {
        var bytes = SipFixtures.Crlf("""
            OPTIONS sip:bob@example.com SIP/2.0
            v: SIP/2.0/UDP 192.0.2.10
             ;branch=z9hG4bK-1
            Max-Forwards: 70
            f: <sip:alice@example.com>;tag=a1
            t: <sip:bob@example.com>
            i: c1
            CSeq: 1 OPTIONS
            l: 0


            """);

        var wire = Encoding.UTF8.GetString(SipSerializer.Serialize(SipParser.Parse(bytes, SipParserOptions.Default).Message!));

        Assert.Equal(
            "OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10 ;branch=z9hG4bK-1\r\nMax-Forwards: 70\r\n"
            + "From: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n",
            wire);
    }

    [Fact]
    public void The_sipp_INVITE_keeps_its_SDP_byte_for_byte()
    {
        var original = SipFixtures.Load("traffic/sipp-call-01-invite.sip");
        var body = original.AsSpan(original.AsSpan().IndexOf("\r\n\r\n"u8) + 4).ToArray();

        var message = SipParser.Parse(SipSerializer.Serialize(SipParser.Parse(original, SipParserOptions.Default).Message!), SipParserOptions.Default).Message!;

        Assert.Equal(199, body.Length);
        Assert.Equal(body, message.Body.ToArray());
        Assert.Equal("application/sdp", message.ContentType);
    }

    private static void AssertRoundTrips(byte[] original)
    {
        var first = SipParser.Parse(original, SipParserOptions.Default);
        Assert.True(first.Success, first.Error);

        var wire = SipSerializer.Serialize(first.Message!);
        var second = SipParser.Parse(wire, SipParserOptions.Default, SipFraming.Stream);

        Assert.True(second.Success, second.Error);
        Assert.Equal(first.Message!.StartLine, second.Message!.StartLine);
        Assert.Equal(first.Message.Headers.ToList(), second.Message.Headers.ToList());
        Assert.Equal(first.Message.Body.ToArray(), second.Message.Body.ToArray());
        Assert.Equal(wire, SipSerializer.Serialize(second.Message));

        var head = Encoding.UTF8.GetString(wire.AsSpan(0, wire.AsSpan().IndexOf("\r\n\r\n"u8) + 2));
        Assert.Single(head.Split("\r\n"), line => line.StartsWith("Content-Length:", StringComparison.Ordinal));
        Assert.Contains($"\r\nContent-Length: {first.Message.Body.Length}\r\n", head, StringComparison.Ordinal);
        Assert.Equal(head.Split("\r\n").Length - 1, head.Count(c => c == '\n'));
    }

    private static string WithBody(string head, string body) =>
        $"{head}\nContent-Length: {Encoding.UTF8.GetByteCount(body.ReplaceLineEndings("\r\n"))}\n\n{body}";
}
