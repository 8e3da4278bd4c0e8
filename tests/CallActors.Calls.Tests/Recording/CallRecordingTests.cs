using System.Net;
using System.Text;
using CallActors.Actors;
using CallActors.Calls.Media;
using CallActors.Calls.Recording;
using CallActors.Calls.Routing;
using CallActors.Calls.Tests.Infrastructure;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;
using CallActors.Sip.Messages;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallActors.Calls.Tests.Recording;

/// <summary>What a call actor says to a recording start it cannot honour, on real SIP legs through an in-process node:
/// a call that is still ringing, media the node does not anchor, a codec the recorder does not decode; and the happy
/// path's start, second start and stop. Each test has its own 127.0.6x addresses and relay ports.</summary>
public sealed class CallRecordingTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_call_that_is_still_ringing_cannot_be_recorded()
    {
        using var relay = Relay("127.0.61.3", 44600, 44649);
        await using var call = await CallSetup.StartAsync("127.0.61", Anchor(relay, "127.0.61.3"), "ringing@test", answerWith: null);

        var reply = await call.AskAsync<RecordingReply>(new StartRecording(call.CallId, new RecordingRequest()));
        var refused = Assert.IsType<RecordingRefused>(reply);
        Assert.Equal((409, "call_not_answered"), (refused.StatusCode, refused.Error));
        Assert.Empty((await call.AskAsync<RecordingList>(new GetRecordings(call.CallId))).Recordings);
    }

    [Fact]
    public async Task A_call_whose_media_is_not_anchored_cannot_be_recorded_and_says_why()
    {
        await using var call = await CallSetup.StartAsync("127.0.62", PassThroughMediaAnchor.Instance, "passthrough@test", answerWith: "0 PCMU/8000");

        var refused = Assert.IsType<RecordingRefused>(await call.AskAsync<RecordingReply>(new StartRecording(call.CallId, new RecordingRequest())));
        Assert.Equal((415, "unsupported_media"), (refused.StatusCode, refused.Error));
        Assert.Contains("not anchored", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_in_a_codec_other_than_g711_cannot_be_recorded_and_names_the_codec()
    {
        using var relay = Relay("127.0.63.3", 44650, 44699);
        await using var call = await CallSetup.StartAsync("127.0.63", Anchor(relay, "127.0.63.3"), "opus@test", answerWith: "111 opus/48000/2");

        var refused = Assert.IsType<RecordingRefused>(await call.AskAsync<RecordingReply>(new StartRecording(call.CallId, new RecordingRequest())));
        Assert.Equal(415, refused.StatusCode);
        Assert.Contains("opus/48000", refused.Message, StringComparison.Ordinal);
        Assert.Contains("G.711", refused.Message, StringComparison.Ordinal);
        Assert.Empty((await call.AskAsync<RecordingList>(new GetRecordings(call.CallId))).Recordings);
    }

    [Fact]
    public async Task An_answered_g711_call_starts_once_refuses_a_second_start_and_stops_into_a_stored_file()
    {
        using var relay = Relay("127.0.64.3", 44700, 44749);
        await using var call = await CallSetup.StartAsync("127.0.64", Anchor(relay, "127.0.64.3"), "g711@test", answerWith: "8 PCMA/8000");

        var started = Assert.IsType<RecordingAccepted>(await call.AskAsync<RecordingReply>(new StartRecording(call.CallId, new RecordingRequest { TimeLimitSeconds = 60 })));
        Assert.Equal(RecordingStatus.Recording, started.Recording.Status);
        Assert.Equal(TimeSpan.FromSeconds(60), started.Recording.TimeLimit);
        var twice = Assert.IsType<RecordingRefused>(await call.AskAsync<RecordingReply>(new StartRecording(call.CallId, new RecordingRequest())));
        Assert.Equal((409, "already_recording"), (twice.StatusCode, twice.Error));

        await Task.Delay(300);
        var stopped = Assert.IsType<RecordingAccepted>(await call.AskAsync<RecordingReply>(new StopRecording(call.CallId)));
        Assert.Equal(RecordingStatus.Stopping, stopped.Recording.Status);
        Assert.Equal(RecordingStopReason.Api, stopped.Recording.StopReason);

        var deadline = DateTime.UtcNow + Wait;
        RecordingState recording;
        do
        {
            recording = Assert.Single((await call.AskAsync<RecordingList>(new GetRecordings(call.CallId))).Recordings);
            await Task.Delay(50);
        }
        while (recording.Status == RecordingStatus.Stopping && DateTime.UtcNow < deadline);
        Assert.Equal(RecordingStatus.Stored, recording.Status);
        Assert.True(File.Exists(recording.LocalPath), recording.LocalPath);
        Assert.InRange(recording.DurationSeconds!.Value, 0.25, 2.0);
        // Silence both ways (no RTP was sent): a stereo 16-bit WAV of that length.
        Assert.Equal(44 + (long)Math.Round(recording.DurationSeconds.Value * 8000) * 4, new FileInfo(recording.LocalPath!).Length);
        var again = Assert.IsType<RecordingRefused>(await call.AskAsync<RecordingReply>(new StopRecording(call.CallId)));
        Assert.Equal("not_recording", again.Error);
    }

    private static MediaRelay Relay(string address, int min, int max) =>
        new(new MediaRelayOptions { BindAddress = IPAddress.Parse(address), PortMin = min, PortMax = max });

    private static RelayMediaAnchor Anchor(MediaRelay relay, string address) =>
        new(relay, IPAddress.Parse(address), new MediaMonitorOptions(), NullLoggerFactory.Instance);

    /// <summary>A caller offering PCMU, PCMA and opus through an in-process node to a callee that rings and, with
    /// <c>answerWith</c> ("PT name/rate"), answers with that one codec. Addresses: prefix.1 caller, .2 callee, .4 node.</summary>
    private sealed class CallSetup : IAsyncDisposable
    {
        private readonly InProcessNode _node;
        private readonly LoopbackUa _caller;
        private readonly LoopbackUa _callee;

        private CallSetup(InProcessNode node, LoopbackUa caller, LoopbackUa callee, string callId)
        {
            _node = node;
            _caller = caller;
            _callee = callee;
            CallId = callId;
        }

        public string CallId { get; }

        public static async Task<CallSetup> StartAsync(string prefix, IMediaAnchor media, string callId, string? answerWith)
        {
            var callee = new LoopbackUa(prefix + ".2", new IPEndPoint(IPAddress.Loopback, 9));
            var node = await InProcessNode.StartAsync(prefix + ".4",
                [new CallRoute("any", null, null, "sip:${user}@" + callee.LocalEndPoint, "acct", TimeSpan.FromSeconds(30))], media: media);
            var caller = new LoopbackUa(prefix + ".1", node.Sip.Transport.UdpEndPoint);
            caller.Send(caller.Request("INVITE", callId, body: Sdp(prefix + ".1", 40000, "0 PCMU/8000", "8 PCMA/8000", "111 opus/48000/2")));
            var invite = Assert.IsType<SipRequest>(await callee.ReceiveAsync(Wait));
            var ringing = SipResponse.CreateFor(invite, 180, null, "callee-tag");
            callee.Reply(ringing, node.Sip.Transport.UdpEndPoint);
            var setup = new CallSetup(node, caller, callee, callId);
            if (answerWith is not null)
            {
                var ok = SipResponse.CreateFor(invite, 200, null, "callee-tag");
                ok.Headers.Add("Contact", $"<sip:callee@{callee.LocalEndPoint}>");
                ok.SetBody(Encoding.UTF8.GetBytes(Sdp(prefix + ".2", 40002, answerWith)), "application/sdp");
                callee.Reply(ok, node.Sip.Transport.UdpEndPoint);
                Assert.Equal(200, (await caller.ReceiveFinalAsync(callId, Wait))?.StatusCode);
            }
            await setup.WaitForStatusAsync(answerWith is null ? "ringing" : "ongoing");
            return setup;
        }

        public async Task<T> AskAsync<T>(object message) => (T)await _node.Sip.Directory.Ask<object>(message, Wait);

        private async Task WaitForStatusAsync(string status)
        {
            var deadline = DateTime.UtcNow + Wait;
            while (true)
            {
                if (await AskAsync<object>(new GetCall(CallId)) is CallSnapshot snapshot && snapshot.Status.Status.ToString().Equals(status, StringComparison.OrdinalIgnoreCase))
                {
                    return;
                }
                Assert.True(DateTime.UtcNow < deadline, $"the call did not reach {status}");
                await Task.Delay(20);
            }
        }

        private static string Sdp(string address, int port, params string[] codecs) =>
            $"v=0\r\no=- 1 1 IN IP4 {address}\r\ns=-\r\nc=IN IP4 {address}\r\nt=0 0\r\n" +
            $"m=audio {port} RTP/AVP {string.Join(' ', codecs.Select(c => c.Split(' ')[0]))}\r\n" +
            string.Concat(codecs.Select(c => $"a=rtpmap:{c}\r\n"));

        public async ValueTask DisposeAsync()
        {
            _caller.Dispose();
            _callee.Dispose();
            await _node.DisposeAsync();
        }
    }
}
