using System.Net;
using System.Net.Sockets;
using CallActors.Actors;
using CallActors.Calls.B2bua;
using CallActors.Calls.Insights;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Calls.Tests.Infrastructure;
using CallActors.Media.Monitoring;
using CallActors.Media.Packets;
using CallActors.Media.Quality;
using CallActors.Media.Relay;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Calls.Tests.Media;

/// <summary>The B2BUA anchoring media on a real relay: SDP rewritten on both legs, RTP flowing both ways through the
/// relay's ports, figures in the insights, the media timeout, and ports released. Each test has its own 127.0.51.x
/// addresses and port range.</summary>
public sealed class MediaAnchoringTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task SDP_is_rewritten_to_the_relay_on_both_legs_and_RTP_flows_both_ways_through_it()
    {
        using var relay = Relay("127.0.51.3", 44000, 44099);
        await using var call = await BridgedCall.StartAsync("127.0.51", relay, "both-ways@test");

        // The callee was offered the relay's callee-leg port; the caller got the relay's caller-leg port in the answer.
        Assert.Equal("127.0.51.3", call.CalleeOffer.Media[0].ConnectionAddress);
        Assert.Equal("127.0.51.3", call.CallerAnswer.Media[0].ConnectionAddress);
        var calleePort = call.CalleeOffer.Media[0].Port;
        var callerPort = call.CallerAnswer.Media[0].Port;
        Assert.InRange(calleePort, 44000, 44099);
        Assert.InRange(callerPort, 44000, 44099);
        Assert.NotEqual(calleePort, callerPort);
        Assert.Equal(0, calleePort % 2);
        Assert.Equal(0, callerPort % 2);
        Assert.Null(call.CalleeOffer.Media[0].GetAttribute("rtcp"));

        call.SendRtp(fromCaller: true, packets: 50);
        call.SendRtp(fromCaller: false, packets: 30);
        Assert.Equal(50, await call.ReceiveRtpAsync(atCaller: false, expected: 50));
        Assert.Equal(30, await call.ReceiveRtpAsync(atCaller: true, expected: 30));

        var insights = await call.InsightsAsync();
        var media = Assert.IsType<MediaMetrics>(insights.MediaMetrics);
        Assert.False(media.Final);
        Assert.Equal(50, media.Caller.Figures.Inbound.Counts.Packets);
        Assert.Equal(30, media.Callee.Figures.Inbound.Counts.Packets);
        Assert.Equal(30, media.Caller.Relay.RtpSent);
        Assert.Equal(50, media.Callee.Relay.RtpSent);
        Assert.Equal(call.CallerRtp.ToString(), media.Caller.RemoteMediaAddress);
        Assert.Equal("127.0.51.1", insights.SignallingMetrics.RemoteSignallingIp);
        Assert.Equal("PCMU", media.Caller.Figures.Inbound.Codec?.Name);
        // A clean G.711 stream: G.107 R 93.2, MOS 4.41; FreeSWITCH's MOS starts and stays at 4.5.
        Assert.InRange(media.Caller.Figures.Inbound.G107!.Mos, 4.40, 4.42);
        Assert.Equal(4.5, media.Caller.Figures.Inbound.FreeSwitch!.Mos);
        Assert.Equal(100, media.Caller.Figures.Inbound.FreeSwitch!.QualityPercentage);

        await call.CallerHangsUpAsync();
        var ended = await call.InsightsAsync(i => i.EndedAt is not null && i.MediaMetrics is { Final: true });
        Assert.Equal("caller", ended.HangupSource);
        Assert.Equal(16, ended.HangupCauseCode);
        Assert.Equal(50, ended.MediaMetrics!.Caller.Figures.Inbound.Counts.Packets);
        Assert.Equal(0, relay.OpenSessions);
    }

    [Fact]
    public async Task A_leg_that_sends_no_RTP_ends_the_call_with_hangup_source_media_timeout()
    {
        using var relay = Relay("127.0.52.3", 44100, 44199);
        var options = new B2buaOptions { MediaTimeout = TimeSpan.FromSeconds(2), MediaSampleInterval = TimeSpan.FromMilliseconds(500) };
        await using var call = await BridgedCall.StartAsync("127.0.52", relay, "silent@test", options);

        // The caller talks for a while; the callee never sends anything.
        call.SendRtp(fromCaller: true, packets: 20);

        var ended = await call.InsightsAsync(i => i.EndedAt is not null, TimeSpan.FromSeconds(10));
        Assert.Equal("media-timeout", ended.HangupSource);
        Assert.Equal("MEDIA_TIMEOUT", ended.HangupCause);
        Assert.Equal(604, ended.HangupCauseCode);
        Assert.True(ended.EndedAt - ended.AnsweredAt >= TimeSpan.FromSeconds(2));
        // One-way audio is visible in the figures: the callee's inbound stream is empty.
        var media = ended.MediaMetrics!;
        Assert.True(media.Final);
        Assert.True(media.Samples >= 2, $"{media.Samples} samples");
        Assert.Equal(20, media.Caller.Figures.Inbound.Counts.Packets);
        Assert.Equal(0, media.Callee.Figures.Inbound.Counts.Packets);
        Assert.True(await call.ReceivedByeAsync(atCaller: true));
        Assert.True(await call.ReceivedByeAsync(atCaller: false));
        Assert.Equal(0, relay.OpenSessions);
    }

    [Fact]
    public async Task A_stream_with_5_percent_random_loss_reports_what_the_formulas_give()
    {
        using var relay = Relay("127.0.54.3", 44300, 44399);
        await using var call = await BridgedCall.StartAsync("127.0.54", relay, "lossy@test");
        var random = new Random(5);
        var dropped = Enumerable.Range(0, 400).Select(i => i > 1 && random.NextDouble() < 0.05).ToArray();

        var sent = dropped.Count(d => !d);
        var receiving = call.ReceiveRtpAsync(atCaller: true, expected: sent);
        await Task.Run(() => call.SendRtp(fromCaller: false, packets: 400, lost: i => dropped[i]));

        Assert.Equal(sent, await receiving);
        var inbound = (await call.InsightsAsync(i => i.MediaMetrics?.Callee.Figures.Inbound.Counts.Packets == sent)).MediaMetrics!.Callee.Figures.Inbound;
        var lost = dropped.Count(d => d);
        Assert.Equal(lost, inbound.Rfc3550!.Lost);
        var g107 = inbound.G107!;
        Assert.Equal(100.0 * lost / inbound.Rfc3550.Expected, g107.PacketLossPercent, 9);
        var expected = EModel.Compute(new EModelInputs(CodecImpairment.G711WithPlc, g107.PacketLossPercent, g107.BurstRatio));
        Assert.Equal(expected.R, g107.R, 9);
        Assert.Equal(expected.Mos, g107.Mos, 9);
        Assert.InRange(g107.Mos, 3.0, 4.2);
        Assert.True(inbound.FreeSwitch!.Mos < 4.5 && inbound.FreeSwitch.FlawTotal >= lost, $"{inbound.FreeSwitch}");
    }

    [Fact]
    public async Task A_call_the_relay_has_no_ports_for_is_refused_with_503()
    {
        // One call takes two port pairs: this range holds exactly one.
        using var relay = Relay("127.0.53.3", 44200, 44203);
        await using var call = await BridgedCall.StartAsync("127.0.53", relay, "first@test");

        call.Caller.Send(call.Caller.Request("INVITE", "second@test", body: BridgedCall.Offer("127.0.53.1", 4000)));

        var refused = await call.Caller.ReceiveFinalAsync("second@test", Wait);
        Assert.Equal(503, refused?.StatusCode);
        Assert.Equal("Media Unavailable", refused?.ReasonPhrase);
    }

    private static MediaRelay Relay(string address, int min, int max) =>
        new(new MediaRelayOptions { BindAddress = IPAddress.Parse(address), PortMin = min, PortMax = max });

    /// <summary>A caller and a callee UA (signalling and RTP sockets each) with a call answered between them through an
    /// in-process node whose media is anchored on <c>relay</c>. Addresses: prefix.1 caller, .2 callee, .3 relay, .4 node.</summary>
    private sealed class BridgedCall : IAsyncDisposable
    {
        private readonly InProcessNode _node;
        private readonly Socket _callerRtp;
        private readonly Socket _calleeRtp;
        private readonly string _callId;
        private readonly string _fromTag;
        private readonly string _toTag;

        private BridgedCall(InProcessNode node, LoopbackUa caller, LoopbackUa callee, Socket callerRtp, Socket calleeRtp, string callId,
            SipRequest calleeInvite, SdpSession callerAnswer, string fromTag, string toTag)
        {
            _node = node;
            Caller = caller;
            Callee = callee;
            _callerRtp = callerRtp;
            _calleeRtp = calleeRtp;
            _callId = callId;
            _fromTag = fromTag;
            _toTag = toTag;
            CalleeOffer = SdpSession.Parse(System.Text.Encoding.UTF8.GetString(calleeInvite.Body.Span));
            CallerAnswer = callerAnswer;
        }

        public LoopbackUa Caller { get; }

        public LoopbackUa Callee { get; }

        public IPEndPoint CallerRtp => (IPEndPoint)_callerRtp.LocalEndPoint!;

        public SdpSession CalleeOffer { get; }

        public SdpSession CallerAnswer { get; }

        public static string Offer(string address, int port) =>
            $"v=0\r\no=- 1 1 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\nm=audio {port} RTP/AVP 0 101\r\n" +
            "a=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=rtcp:9999\r\na=ptime:20\r\n";

        public static async Task<BridgedCall> StartAsync(string prefix, MediaRelay relay, string callId, B2buaOptions? options = null)
        {
            var calleeUa = new LoopbackUa(prefix + ".2", new IPEndPoint(IPAddress.Loopback, 9));
            var anchor = new RelayMediaAnchor(relay, IPAddress.Parse(prefix + ".3"), new MediaMonitorOptions(), NullLoggerFactory.Instance);
            var node = await InProcessNode.StartAsync(prefix + ".4",
                [new CallRoute("any", null, null, "sip:${user}@" + calleeUa.LocalEndPoint, "acct", TimeSpan.FromSeconds(30))],
                options, media: anchor);
            var callerUa = new LoopbackUa(prefix + ".1", node.Sip.Transport.UdpEndPoint);
            var callerRtp = RtpSocket(prefix + ".1");
            var calleeRtp = RtpSocket(prefix + ".2");

            var offer = callerUa.Request("INVITE", callId, body: Offer(prefix + ".1", ((IPEndPoint)callerRtp.LocalEndPoint!).Port));
            var fromTag = SipParser.Parse(System.Text.Encoding.UTF8.GetBytes(offer), SipParserOptions.Default).Message!.From!.Tag!;
            callerUa.Send(offer);
            var invite = Assert.IsType<SipRequest>(await calleeUa.ReceiveAsync(Wait));
            var ok = SipResponse.CreateFor(invite, 200, null, "callee-tag");
            ok.Headers.Add("Contact", $"<sip:callee@{calleeUa.LocalEndPoint}>");
            ok.SetBody(System.Text.Encoding.UTF8.GetBytes(Offer(prefix + ".2", ((IPEndPoint)calleeRtp.LocalEndPoint!).Port)), "application/sdp");
            calleeUa.Reply(ok, node.Sip.Transport.UdpEndPoint);
            var answer = await callerUa.ReceiveFinalAsync(callId, Wait);
            Assert.Equal(200, answer?.StatusCode);
            var toTag = answer!.To!.Tag!;
            callerUa.Send(callerUa.InDialog("ACK", callId, fromTag, toTag, 1));
            var call = new BridgedCall(node, callerUa, calleeUa, callerRtp, calleeRtp, callId, invite,
                SdpSession.Parse(System.Text.Encoding.UTF8.GetString(answer.Body.Span)), fromTag, toTag);
            await call.InsightsAsync(i => i.AnsweredAt is not null);
            return call;
        }

        /// <summary>Sends <paramref name="packets"/> 20 ms PCMU packets (sequence from 1) to the relay port the leg was given.</summary>
        public void SendRtp(bool fromCaller, int packets, Func<int, bool>? lost = null)
        {
            var socket = fromCaller ? _callerRtp : _calleeRtp;
            var sdp = fromCaller ? CallerAnswer : CalleeOffer;
            var relayPort = new IPEndPoint(IPAddress.Parse(sdp.Media[0].ConnectionAddress!), sdp.Media[0].Port);
            var buffer = new byte[172];
            for (var i = 0; i < packets; i++)
            {
                if (lost?.Invoke(i) == true)
                {
                    continue;
                }
                var header = new RtpHeader(0, (ushort)(i + 1), (uint)(i * 160), fromCaller ? 0x1111u : 0x2222u);
                var length = RtpPacketWriter.Write(buffer, header, new byte[160]);
                socket.SendTo(buffer.AsSpan(0, length), SocketFlags.None, relayPort);
                Thread.Sleep(2);
            }
        }

        public async Task<int> ReceiveRtpAsync(bool atCaller, int expected)
        {
            var socket = atCaller ? _callerRtp : _calleeRtp;
            var buffer = new byte[2048];
            var received = 0;
            using var cts = new CancellationTokenSource(Wait);
            try
            {
                while (received < expected)
                {
                    await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
                    received++;
                }
            }
            catch (OperationCanceledException)
            {
            }
            return received;
        }

        public async Task CallerHangsUpAsync()
        {
            Caller.Send(Caller.InDialog("BYE", _callId, _fromTag, _toTag, 2));
            Assert.Equal(200, (await Caller.ReceiveFinalAsync(_callId, Wait))?.StatusCode);
        }

        public async Task<bool> ReceivedByeAsync(bool atCaller)
        {
            var ua = atCaller ? Caller : Callee;
            var deadline = DateTime.UtcNow + Wait;
            while (DateTime.UtcNow < deadline)
            {
                if (await ua.ReceiveAsync(deadline - DateTime.UtcNow) is SipRequest { Method: "BYE" })
                {
                    return true;
                }
            }
            return false;
        }

        public Task<CallInsights> InsightsAsync() => InsightsAsync(_ => true);

        public async Task<CallInsights> InsightsAsync(Func<CallInsights, bool> condition, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? Wait);
            while (true)
            {
                var reply = await _node.Sip.Directory.Ask<object>(new GetCallInsights(_callId), Wait);
                if (reply is CallInsights insights && condition(insights))
                {
                    return insights;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"call {_callId}: insights never matched; last reply {reply}");
                }
                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _node.DisposeAsync();
            Caller.Dispose();
            Callee.Dispose();
            _callerRtp.Dispose();
            _calleeRtp.Dispose();
        }

        private static Socket RtpSocket(string address)
        {
            // Room for a whole test stream: a default buffer holds about 256 small datagrams on loopback.
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 << 20 };
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            return socket;
        }
    }
}
