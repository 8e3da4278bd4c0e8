using CallActors.TestKit;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

/// <summary>SipTransport over real UDP sockets on loopback; each test has its own 127.0.1.x address.</summary>
public sealed class UdpTransportTests
{
    [Fact]
    public async Task A_request_from_behind_a_NAT_reaches_the_sink_with_received_and_rport_stamped()
    {
        const string Address = "127.0.1.1";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(via: "SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bK-nat;rport"), t.Transport.UdpEndPoint);

        var inbound = (await t.Sink.WaitForAsync(1))[0];
        var via = inbound.Message.TopVia!;
        Assert.Equal(Address, via.Received);
        Assert.Equal(peer.EndPoint.Port, via.Rport);
        Assert.Equal("192.0.2.10", via.Host);
        Assert.Equal(new SipEndPoint(SipProtocol.Udp, peer.EndPoint), inbound.Remote);
        Assert.Equal(t.Transport.UdpEndPoint, inbound.Local);
        Assert.Equal(1, t.Counters.Received);
    }

    [Fact]
    public async Task A_Via_that_names_the_source_and_has_no_rport_is_handed_on_unchanged()
    {
        const string Address = "127.0.1.2";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);
        var via = $"SIP/2.0/UDP {peer.EndPoint};branch=z9hG4bK-direct";

        peer.Send(SipText.Request(via: via), t.Transport.UdpEndPoint);

        var inbound = (await t.Sink.WaitForAsync(1))[0];
        Assert.Equal(via, inbound.Message.Headers.Get(SipHeaderNames.Via));
    }

    [Fact]
    public async Task A_response_routed_by_SipResponseRouting_returns_to_the_NATed_port_from_the_listening_socket()
    {
        const string Address = "127.0.1.3";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);
        // The Via names a port nobody listens on: only rport gets the answer back to the peer.
        peer.Send(SipText.Request(via: "SIP/2.0/UDP 192.0.2.10:5999;branch=z9hG4bK-route;rport", callId: "route@test"), t.Transport.UdpEndPoint);
        var inbound = (await t.Sink.WaitForAsync(1))[0];

        t.Transport.Send(SipResponse.CreateFor((SipRequest)inbound.Message, 200), SipResponseRouting.DestinationFor(inbound));

        var (bytes, from) = await peer.ReceiveAsync();
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("route@test", text, StringComparison.Ordinal);
        Assert.Contains($"rport={peer.EndPoint.Port}", text, StringComparison.Ordinal);
        Assert.Equal(t.Transport.UdpEndPoint, from);
        Assert.Equal(1, t.Counters.Sent);
    }

    [Fact]
    public async Task An_oversized_datagram_is_answered_513_and_never_reaches_the_sink()
    {
        const string Address = "127.0.1.4";
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { Parser = new SipParserOptions { MaxMessageBytes = 1000 } });
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(callId: "big@test", body: new string('x', 2000)), t.Transport.UdpEndPoint);
        var answer = await peer.ReceiveTextAsync();
        peer.Send(SipText.Request(callId: "small@test"), t.Transport.UdpEndPoint);

        Assert.StartsWith("SIP/2.0 513 ", answer, StringComparison.Ordinal);
        Assert.Contains("big@test", answer, StringComparison.Ordinal);
        var delivered = await t.Sink.WaitForAsync(1);
        Assert.Equal("small@test", Assert.Single(delivered).Message.CallId);
        Assert.Equal(1, t.Counters.Rejected);
    }

    [Fact]
    public async Task A_request_that_does_not_parse_but_names_its_transaction_is_answered_with_the_parser_s_reason()
    {
        const string Address = "127.0.1.5";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);

        // RFC 3261 §18.3: a Content-Length larger than the datagram is a 400.
        peer.Send(SipText.Request(callId: "short@test", body: "abc", contentLength: "500"), t.Transport.UdpEndPoint);
        var answer = await peer.ReceiveTextAsync();

        Assert.StartsWith("SIP/2.0 400 ", answer, StringComparison.Ordinal);
        Assert.Contains("short@test", answer, StringComparison.Ordinal);
        Assert.Equal(1, t.Counters.Rejected);
        Assert.Equal(0, t.Sink.Count);
    }

    [Fact]
    public async Task A_malformed_ACK_is_not_answered()
    {
        const string Address = "127.0.1.6";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(method: "ACK", callId: "ack@test", body: "abc", contentLength: "500"), t.Transport.UdpEndPoint);
        await Poll.UntilAsync(() => t.Counters.Rejected == 1, "the ACK to be rejected");
        peer.Send(SipText.Request(callId: "next@test"), t.Transport.UdpEndPoint);
        await t.Sink.WaitForAsync(1);

        Assert.Equal(0, t.Counters.Sent);
    }

    [Fact]
    public async Task Garbage_datagrams_do_not_stop_the_receive_loop()
    {
        const string Address = "127.0.1.7";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);
        var random = new Random(7);

        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            garbage[0] = (byte)random.Next('A', 'Z' + 1); // never a CRLF keepalive
            peer.Send(garbage, t.Transport.UdpEndPoint);
        }
        peer.Send(SipText.Request(callId: "after-garbage@test"), t.Transport.UdpEndPoint);

        var delivered = await t.Sink.WaitForAsync(1);
        Assert.Equal("after-garbage@test", Assert.Single(delivered).Message.CallId);
        Assert.Equal(200, t.Counters.Rejected);
        Assert.True(
            t.Log.Lines.Count(l => l.Text.StartsWith("Rejected a SIP message", StringComparison.Ordinal)) < 10,
            "200 rejections are logged at most once a second, not once each");
    }

    [Fact]
    public async Task CRLF_keepalives_are_counted_and_not_rejected()
    {
        const string Address = "127.0.1.8";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);

        peer.Send("\r\n\r\n", t.Transport.UdpEndPoint);
        peer.Send("\r\n", t.Transport.UdpEndPoint);
        peer.Send(SipText.Request(), t.Transport.UdpEndPoint);
        await t.Sink.WaitForAsync(1);

        Assert.Equal(2, t.Counters.KeepAlives);
        Assert.Equal(0, t.Counters.Rejected);
        Assert.DoesNotContain(t.Log.Lines, l => l.Text.StartsWith("Rejected", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_records_carry_the_exact_bytes_received_and_sent()
    {
        const string Address = "127.0.1.9";
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);
        var request = SipText.Bytes(SipText.Request(callId: "trace@test", body: "hello"));

        peer.Send(request, t.Transport.UdpEndPoint);
        var inbound = (await t.Sink.WaitForAsync(1))[0];
        t.Transport.Send(SipResponse.CreateFor((SipRequest)inbound.Message, 486), SipResponseRouting.DestinationFor(inbound));
        var (answer, _) = await peer.ReceiveAsync();

        var received = Assert.Single(t.Trace.Of(SipTraceDirection.Received));
        Assert.Equal(request, received.Raw.ToArray());
        Assert.Same(inbound.Message, received.Message);
        Assert.Equal(new SipEndPoint(SipProtocol.Udp, peer.EndPoint), received.Remote);
        Assert.Equal(t.Transport.UdpEndPoint, received.Local);
        var sent = Assert.Single(t.Trace.Of(SipTraceDirection.Sent));
        Assert.Equal(answer, sent.Raw.ToArray());
        Assert.Equal(486, ((SipResponse)sent.Message).StatusCode);
        Assert.Equal(new SipEndPoint(SipProtocol.Udp, peer.EndPoint), sent.Remote);
    }

    [Fact]
    public async Task When_the_receive_queue_is_full_messages_are_dropped_and_counted()
    {
        const string Address = "127.0.1.10";
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { ReceiveQueueCapacity = 2 }, prepareSink: s => s.HoldFirst());
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(callId: "0@test"), t.Transport.UdpEndPoint);
        await Poll.UntilAsync(() => t.Sink.Entered, "the sink to be busy with the first message");
        for (var i = 1; i < 10; i++)
        {
            peer.Send(SipText.Request(callId: $"{i}@test"), t.Transport.UdpEndPoint);
        }
        await Poll.UntilAsync(() => t.Counters.Received == 10, "all ten messages to be parsed");
        t.Sink.Release();

        var delivered = await t.Sink.WaitForAsync(3);
        Assert.Equal(["0@test", "1@test", "2@test"], delivered.Select(d => d.Message.CallId));
        Assert.Equal(7, t.Counters.Dropped);
    }

    [Fact]
    public async Task A_send_to_an_unreachable_peer_is_counted_and_does_not_throw()
    {
        const string Address = "127.0.1.11";
        await using var t = await TransportUnderTest.StartAsync(Address, o => o with { EnableTcp = false });
        var request = new SipRequest(SipMethods.Options, SipUri.Parse("sip:b@example.com"));
        request.Headers.Add(SipHeaderNames.CallId, "nowhere@test");

        // The UDP socket is IPv4, so a send to an IPv6 address fails locally; TCP is disabled.
        t.Transport.Send(request, new SipEndPoint(SipProtocol.Udp, new IPEndPoint(IPAddress.IPv6Loopback, 5060)));
        t.Transport.Send(request, new SipEndPoint(SipProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5060)));

        Assert.Equal(2, t.Counters.SendErrors);
        Assert.Contains(t.Log.Lines, l => l.Text.Contains("nowhere@test", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sink_or_trace_sink_that_throws_costs_only_its_own_call()
    {
        const string Address = "127.0.1.12";
        var sink = new ThrowingOnceSink();
        await using var transport = new SipTransport(
            new SipTransportOptions { BindAddress = Address, Port = 0, EnableTcp = false }, sink, new ThrowingTrace(), TimeProvider.System, null);
        await transport.StartAsync(CancellationToken.None);
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(callId: "1@test"), transport.UdpEndPoint);
        peer.Send(SipText.Request(callId: "2@test"), transport.UdpEndPoint);
        await Poll.UntilAsync(() => sink.Delivered.Count == 1, "the second message after the sink threw on the first");
        var request = (SipRequest)sink.Delivered.Single().Message;
        transport.Send(SipResponse.CreateFor(request, 200), new SipEndPoint(SipProtocol.Udp, peer.EndPoint));

        Assert.Equal("2@test", request.CallId);
        Assert.StartsWith("SIP/2.0 200 OK", await peer.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Received_and_sent_messages_are_reported_to_the_CallActors_Sip_meter()
    {
        const string Address = "127.0.1.13";
        long received = 0;
        long sent = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SipTransport.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "callactors.sip.transport.received")
            {
                Interlocked.Add(ref received, value);
            }
            else if (instrument.Name == "callactors.sip.transport.sent")
            {
                Interlocked.Add(ref sent, value);
            }
        });
        listener.Start();
        await using var t = await TransportUnderTest.StartAsync(Address);
        using var peer = new UdpPeer(Address);

        peer.Send(SipText.Request(), t.Transport.UdpEndPoint);
        var inbound = (await t.Sink.WaitForAsync(1))[0];
        t.Transport.Send(SipResponse.CreateFor((SipRequest)inbound.Message, 200), SipResponseRouting.DestinationFor(inbound));

        // Other tests run in parallel and report to the same meter: at least ours must be there.
        Assert.True(Interlocked.Read(ref received) >= 1);
        Assert.True(Interlocked.Read(ref sent) >= 1);
    }

    private sealed class ThrowingOnceSink : ISipMessageSink
    {
        private int _calls;

        public System.Collections.Concurrent.ConcurrentQueue<SipInbound> Delivered { get; } = new();

        public void OnMessage(SipInbound inbound)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw new InvalidOperationException("sink bug");
            }
            Delivered.Enqueue(inbound);
        }
    }

    private sealed class ThrowingTrace : ISipTraceSink
    {
        public void OnTrace(SipTraceRecord record) => throw new InvalidOperationException("trace bug");
    }
}
