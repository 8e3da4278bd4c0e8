using System.Net;
using System.Net.Sockets;
using System.Text;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using CallActors.TestKit;

namespace CallActors.Sip.Tests.Transport;

/// <summary>SipTransport over real TCP connections on loopback; each test has its own 127.0.1.x address.</summary>
public sealed class TcpTransportTests
{
    [Fact]
    public async Task Two_messages_in_one_segment_both_arrive_in_order_each_traced_with_its_own_bytes()
    {
        const string Address = "127.0.1.20";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        var first = SipText.Request(via: "SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK-a", callId: "first@test", body: "one");
        var second = SipText.Request(via: "SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK-b", callId: "second@test");

        await peer.SendAsync(first + second);

        var delivered = await t.Sink.WaitForAsync(2);
        Assert.Equal(["first@test", "second@test"], delivered.Select(d => d.Message.CallId));
        Assert.Equal(new SipEndPoint(SipProtocol.Tcp, peer.LocalEndPoint), delivered[0].Remote);
        Assert.Equal(Address, delivered[0].Message.TopVia!.Received);
        var traced = t.Trace.Of(SipTraceDirection.Received);
        Assert.Equal([first, second], traced.Select(r => Encoding.UTF8.GetString(r.Raw.Span)));
    }

    [Fact]
    public async Task A_message_split_across_segments_arrives_once_whole()
    {
        const string Address = "127.0.1.21";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        var message = SipText.Request(callId: "split@test", body: "the body");

        foreach (var piece in new[] { message[..20], message[20..^4], message[^4..] })
        {
            await peer.SendAsync(piece);
            // Give the transport a chance to read each piece on its own (not an assertion).
            await Task.Delay(30);
        }
        await peer.SendAsync(SipText.Request(callId: "after@test"));

        var delivered = await t.Sink.WaitForAsync(2);
        Assert.Equal(["split@test", "after@test"], delivered.Select(d => d.Message.CallId));
        Assert.Equal("the body", Encoding.UTF8.GetString(delivered[0].Message.Body.Span));
    }

    [Fact]
    public async Task The_body_is_framed_by_Content_Length_also_in_compact_form()
    {
        const string Address = "127.0.1.22";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        const string Body = "v=0\r\n\r\nINVITE sip:not-a-message SIP/2.0\r\n";

        await peer.SendAsync(SipText.Request(callId: "body@test", body: Body, contentLengthName: "l") + SipText.Request(callId: "next@test"));

        var delivered = await t.Sink.WaitForAsync(2);
        Assert.Equal(Body, Encoding.UTF8.GetString(delivered[0].Message.Body.Span));
        Assert.Equal("next@test", delivered[1].Message.CallId);
    }

    [Fact]
    public async Task A_message_without_Content_Length_is_answered_400_and_the_connection_closed()
    {
        const string Address = "127.0.1.23";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);

        await peer.SendAsync(SipText.Request(via: "SIP/2.0/TCP 192.0.2.10;branch=z9hG4bK-nocl", callId: "no-length@test", contentLength: null));

        var answer = await peer.ReceiveMessageAsync();
        Assert.StartsWith("SIP/2.0 400 Missing Content-Length\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("no-length@test", answer, StringComparison.Ordinal);
        Assert.Equal("", await peer.ReceiveUntilClosedAsync());
        Assert.Equal(0, t.Sink.Count);
        Assert.Equal(1, t.Counters.Rejected);
        await Poll.UntilAsync(() => t.Counters.TcpConnectionsClosed == 1, "the connection to be counted closed");
    }

    [Fact]
    public async Task An_oversized_message_is_answered_513_and_the_connection_closed()
    {
        const string Address = "127.0.1.24";
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { Parser = new SipParserOptions { MaxMessageBytes = 1000 } });
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);

        await peer.SendAsync(SipText.Request(callId: "huge@test", body: new string('x', 5000)));

        var answer = await peer.ReceiveMessageAsync();
        Assert.StartsWith("SIP/2.0 513 ", answer, StringComparison.Ordinal);
        Assert.Contains("huge@test", answer, StringComparison.Ordinal);
        Assert.Equal("", await peer.ReceiveUntilClosedAsync());
        Assert.Equal(0, t.Sink.Count);
    }

    [Fact]
    public async Task A_double_CRLF_ping_is_answered_with_a_single_CRLF_pong_and_the_connection_stays_usable()
    {
        const string Address = "127.0.1.25";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);

        await peer.SendAsync("\r\n\r\n");
        var pong = await peer.ReceiveBytesAsync(2);
        await peer.SendAsync(SipText.Request(callId: "after-ping@test"));

        Assert.Equal("\r\n"u8.ToArray(), pong);
        Assert.Equal("after-ping@test", (await t.Sink.WaitForAsync(1))[0].Message.CallId);
        Assert.Equal(1, t.Counters.KeepAlives);
        Assert.Equal(0, t.Counters.Sent);
    }

    [Fact]
    public async Task Responses_and_new_requests_to_a_peer_that_connected_to_us_reuse_its_connection()
    {
        const string Address = "127.0.1.26";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        await peer.SendAsync(SipText.Request(via: "SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK-reuse", callId: "reuse@test"));
        var inbound = (await t.Sink.WaitForAsync(1))[0];

        t.Transport.Send(SipResponse.CreateFor((SipRequest)inbound.Message, 200), SipResponseRouting.DestinationFor(inbound));
        var bye = new SipRequest(SipMethods.Bye, SipUri.Parse("sip:a@192.0.2.10"));
        bye.Headers.Add(SipHeaderNames.CallId, "reuse@test");
        t.Transport.Send(bye, inbound.Remote);

        Assert.StartsWith("SIP/2.0 200 OK\r\n", await peer.ReceiveMessageAsync(), StringComparison.Ordinal);
        Assert.StartsWith("BYE sip:a@192.0.2.10 SIP/2.0\r\n", await peer.ReceiveMessageAsync(), StringComparison.Ordinal);
        Assert.Equal(1, t.Counters.TcpConnectionsOpened);
        // The write loop counts and traces a message once the socket took it, which may be after the peer read it.
        await Poll.UntilAsync(() => t.Counters.Sent == 2, "both sends to be counted");
        var sent = t.Trace.Of(SipTraceDirection.Sent);
        Assert.All(sent, r => Assert.Equal(new SipEndPoint(SipProtocol.Tcp, peer.LocalEndPoint), r.Remote));
    }

    [Fact]
    public async Task Sending_to_a_TCP_peer_connects_once_from_our_address_and_its_responses_come_back_on_that_connection()
    {
        const string Address = "127.0.1.27";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Parse("127.0.1.28"), 0));
        listener.Listen();
        var remote = new SipEndPoint(SipProtocol.Tcp, (IPEndPoint)listener.LocalEndPoint!);

        t.Transport.Send(Options("out-1@test"), remote);
        using var peer = TcpPeer.FromAccepted(await listener.AcceptAsync().WaitAsync(Poll.DefaultTimeout));
        var first = await peer.ReceiveMessageAsync();
        await peer.SendAsync("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.1.27;branch=z9hG4bK-out\r\nFrom: <sip:a@example.com>;tag=1\r\n"
            + "To: <sip:b@example.com>;tag=2\r\nCall-ID: out-1@test\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        var response = (await t.Sink.WaitForAsync(1))[0];
        t.Transport.Send(Options("out-2@test"), remote);
        var second = await peer.ReceiveMessageAsync();

        Assert.Contains("out-1@test", first, StringComparison.Ordinal);
        Assert.Contains("out-2@test", second, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Parse(Address), peer.RemoteEndPoint.Address);
        Assert.Equal(200, ((SipResponse)response.Message).StatusCode);
        Assert.Equal(remote, response.Remote);
        Assert.Equal(peer.RemoteEndPoint, response.Local);
        Assert.Equal(1, t.Counters.TcpConnectionsOpened);
    }

    [Fact]
    public async Task A_send_to_a_TCP_address_nobody_listens_on_is_counted_as_a_send_error()
    {
        const string Address = "127.0.1.29";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var reserved = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        reserved.Bind(new IPEndPoint(IPAddress.Parse("127.0.1.30"), 0)); // bound, not listening: connects are refused

        t.Transport.Send(Options("refused@test"), new SipEndPoint(SipProtocol.Tcp, (IPEndPoint)reserved.LocalEndPoint!));

        await Poll.UntilAsync(() => t.Counters.SendErrors == 1, "the refused connect to count the queued message as a send error");
        Assert.Contains(t.Log.Lines, l => l.Text.StartsWith("Could not connect to tcp:127.0.1.30", StringComparison.Ordinal));
        Assert.Equal(0, t.Counters.TcpConnectionsOpened);
    }

    [Fact]
    public async Task An_idle_connection_is_closed_after_TcpIdleTimeout_on_the_injected_clock()
    {
        const string Address = "127.0.1.31";
        var time = new ManualTimeProvider();
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { TcpIdleTimeout = TimeSpan.FromSeconds(30) }, time);
        using var peer = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        await peer.SendAsync(SipText.Request());
        await t.Sink.WaitForAsync(1);

        time.Advance(TimeSpan.FromSeconds(29));
        var closedBeforeTimeout = t.Counters.TcpConnectionsClosed;
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, closedBeforeTimeout);
        Assert.Equal(1, t.Counters.TcpConnectionsClosed);
        Assert.Equal("", await peer.ReceiveUntilClosedAsync());
    }

    [Fact]
    public async Task Connections_beyond_MaxTcpConnections_are_refused_and_the_open_one_keeps_working()
    {
        const string Address = "127.0.1.32";
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { MaxTcpConnections = 1 });
        using var first = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        await first.SendAsync(SipText.Request(callId: "1@test"));
        await t.Sink.WaitForAsync(1);

        using var second = await TcpPeer.ConnectAsync(Address, t.Transport.TcpEndPoint);
        var secondGot = await second.ReceiveUntilClosedAsync();
        await first.SendAsync(SipText.Request(callId: "2@test"));

        Assert.Equal("", secondGot);
        Assert.Equal("2@test", (await t.Sink.WaitForAsync(2))[1].Message.CallId);
        Assert.Equal(1, t.Counters.TcpConnectionsRefused);
    }

    private static SipRequest Options(string callId)
    {
        var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:b@example.com"));
        request.Headers.Add(SipHeaderNames.Via, "SIP/2.0/TCP 127.0.1.27;branch=z9hG4bK-out");
        request.Headers.Add(SipHeaderNames.From, "<sip:a@example.com>;tag=1");
        request.Headers.Add(SipHeaderNames.To, "<sip:b@example.com>");
        request.Headers.Add(SipHeaderNames.CallId, callId);
        request.Headers.Add(SipHeaderNames.CSeq, "1 OPTIONS");
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        return request;
    }
}
