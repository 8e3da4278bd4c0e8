using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallActors.Interop.Tests.Api;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.Recording;

/// <summary>Calls recorded by a node in its own process, between real sipp parties: the caller plays speech made with
/// espeak-ng, the callee a sox tone, and what the node recorded is checked with sox and lame against what they played
/// (cross-correlation per channel), delivered to a local HTTP server that is down at first, and resumed after the node
/// is killed mid-upload.</summary>
public sealed class RecordingInteropTests(ITestOutputHelper output)
{
    private const string Speech = "This is a recording test. The quick brown fox jumps over the lazy dog. One, two, three, four, five.";
    private const int UasMediaPort = 16000;
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PeerFact("sipp", "sip-tester", "sox", "sox", "espeak-ng", "espeak-ng")]
    public async Task A_route_records_the_answered_call_in_stereo_with_the_callers_speech_left_and_the_callees_tone_right()
    {
        Require("sipp", "sox", "espeak-ng");
        var net = Loopback.Claim(25);
        using var directory = new TempDirectory();
        MakeAudio(directory);
        using var node = StartNode(directory, net, 32400, 32449, recordCall: "{ format = wav, layout = stereo, label = \"interop\" }");
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);

        var callId = PlaceCall(directory, net, node, callSeconds: 8);
        var recording = await WaitForRecordingAsync(api, callId, r => (string)r["status"]! is "stored" or "failed");
        output.WriteLine(recording.ToJsonString());
        Assert.Equal("stored", (string)recording["status"]!);
        Assert.Equal("route:uas", (string)recording["origin"]!);
        Assert.Equal("hangup", (string)recording["stop_reason"]!);
        Assert.Null(recording["url"]);

        // The audio, downloaded through the API, is what the metadata says.
        var id = (string)recording["id"]!;
        using var download = await api.SendRawAsync(HttpMethod.Get, $"calls/{Uri.EscapeDataString(callId)}/recordings/{id}");
        Assert.Equal(200, (int)download.StatusCode);
        Assert.Equal("audio/wav", download.Content.Headers.ContentType?.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal((long)recording["size"]!, bytes.Length);
        Assert.Equal((string)recording["sha256"]!, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var file = directory.File("recorded.wav");
        File.WriteAllBytes(file, bytes);

        Assert.Equal((2, 8000), AudioTools.Format(file));
        var duration = AudioTools.Duration(file);
        // Within 10 ms: the metadata is in whole milliseconds, the file in samples (rounding both to two places
        // failed once on 8.015 against 8.014875).
        Assert.Equal((double)recording["duration"]!, duration, tolerance: 0.01);
        Assert.InRange(duration, 7.5, 8.8);

        // The first two seconds of what each party played, looked for in each channel.
        var speech = AudioTools.DecodeAlaw(directory.File("speech.alaw"), directory.File("speech.raw"))[..16000];
        var tone = AudioTools.DecodeAlaw(directory.File("tone.alaw"), directory.File("tone.raw"))[..4000];
        var left = AudioTools.Channel(file, 1, directory.File("left.raw"));
        var right = AudioTools.Channel(file, 2, directory.File("right.raw"));
        Assert.Equal(left.Length, right.Length);

        var speechLeft = AudioTools.BestCorrelation(speech, left, maxLag: 8000);
        var toneRight = AudioTools.BestCorrelation(tone, right, maxLag: 8000);
        var speechRight = AudioTools.BestCorrelation(speech, right, maxLag: 8000);
        var toneLeft = AudioTools.BestCorrelation(tone, left, maxLag: 8000);
        output.WriteLine($"speech~left {speechLeft}, tone~right {toneRight}, speech~right {speechRight}, tone~left {toneLeft}");
        Assert.True(speechLeft.Correlation > 0.9, $"the caller channel does not carry the caller's speech: {speechLeft}");
        Assert.True(toneRight.Correlation > 0.9, $"the callee channel does not carry the callee's tone: {toneRight}");
        Assert.True(speechRight.Correlation < 0.3, $"the callee channel carries the caller's speech: {speechRight}");
        Assert.True(toneLeft.Correlation < 0.3, $"the caller channel carries the callee's tone: {toneLeft}");
        // The recording starts at the answer, before the caller's first packet: none of the speech is cut, and the
        // channel is silent until it starts.
        Assert.InRange(speechLeft.Lag, 0, 8000);
        Assert.True(AudioTools.Rms(left.AsSpan(0, speechLeft.Lag)) < 50, "the caller channel is not silent before the speech");
    }

    [PeerFact("sipp", "sip-tester", "sox", "sox", "espeak-ng", "espeak-ng", "lame", "lame")]
    public async Task An_api_recording_in_mp3_stops_at_its_time_limit_and_reaches_an_upload_server_that_comes_up_late()
    {
        Require("sipp", "sox", "espeak-ng", "lame");
        var net = Loopback.Claim(26);
        using var directory = new TempDirectory();
        MakeAudio(directory);
        using var node = StartNode(directory, net, 32450, 32499, recordCall: null,
            "callactors.recording.upload.first-retry=1s", "callactors.recording.upload.max-retry=2s");
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);

        using var callee = StartCallee(directory, net);
        using var caller = StartCaller(directory, net, node, callSeconds: 8);
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        var call = Uri.EscapeDataString(callId);
        await WaitUntilAsync(async () => (await api.SendAsync(HttpMethod.Get, $"calls/{call}")).Body?["data"]?["status"]?.GetValue<string>() == "ongoing", "the call is answered");

        // Bad input: a clear 4xx each, and no recording made.
        foreach (var (body, status, field) in new (object Body, int Status, string Field)[]
        {
            (new { action = "start", format = "ogg" }, 400, "format"),
            (new { action = "start", time_limit = -5 }, 400, "time_limit"),
            (new { action = "start", url = "ftp://127.0.26.4/rec/" }, 400, "url"),
            (new { action = "start", url = "not a url" }, 400, "url"),
            (new { action = "pause" }, 400, "action"),
            (new { format = "wav" }, 400, "action"),
            (new { action = "stop" }, 409, ""),
        })
        {
            var (code, envelope) = await api.SendAsync(HttpMethod.Put, $"calls/{call}/recording", body);
            output.WriteLine($"{JsonSerializer(body)} -> {code} {envelope?["data"]?.ToJsonString()}");
            Assert.Equal(status, code);
            Assert.Equal("error", (string)envelope!["status"]!);
            if (field.Length > 0)
            {
                Assert.NotNull(envelope["data"]![field]);
            }
        }
        Assert.Empty((await api.GetDataAsync($"calls/{call}/recordings")).AsArray());

        var url = $"http://{net.Phone}:8090/rec/";
        var (started, startBody) = await api.SendAsync(HttpMethod.Put, $"calls/{call}/recording",
            new { action = "start", format = "mp3", time_limit = 3, url, label = "interop" });
        Assert.Equal(201, started);
        Assert.Equal("recording", (string)startBody!["data"]!["status"]!);
        var (twice, twiceBody) = await api.SendAsync(HttpMethod.Put, $"calls/{call}/recording", new { action = "start" });
        Assert.Equal(409, twice);
        Assert.Equal("already_recording", (string)twiceBody!["message"]!);

        // The time limit stops it on time; the upload server is not there yet, so the first attempt fails.
        var failed = await WaitForRecordingAsync(api, callId, r => (int)r["attempts"]! >= 1);
        output.WriteLine(failed.ToJsonString());
        Assert.Equal("upload_failed", (string)failed["status"]!);
        Assert.NotNull(failed["next_attempt_at"]);
        Assert.Contains("refused", (string)failed["last_error"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("time_limit", (string)failed["stop_reason"]!);
        Assert.Equal(3.0, (double)failed["duration"]!, tolerance: 0.1);
        var stoppedAfter = DateTimeOffset.Parse((string)failed["stopped_at"]!, CultureInfo.InvariantCulture) - DateTimeOffset.Parse((string)failed["started_at"]!, CultureInfo.InvariantCulture);
        Assert.InRange(stoppedAfter.TotalSeconds, 2.9, 3.3);

        using var server = UploadServer.Start(net.Phone, 8090);
        var stored = await WaitForRecordingAsync(api, callId, r => (string)r["status"]! is "stored" or "failed");
        output.WriteLine(stored.ToJsonString());
        Assert.Equal("stored", (string)stored["status"]!);
        Assert.True((int)stored["attempts"]! >= 2);
        Assert.Null(stored["last_error"]);
        var delivery = server.WaitForDelivery(Wait);
        Assert.Single(server.Deliveries);
        Assert.Equal($"/rec/call_recording_{Uri.EscapeDataString(callId)}.mp3", delivery.Path);
        Assert.Equal("audio/mpeg", delivery.ContentType);
        Assert.Equal((string)stored["sha256"]!, delivery.Sha256);
        Assert.Equal("sha-256=" + Convert.ToBase64String(Convert.FromHexString(delivery.Sha256)), delivery.Digest);
        Assert.Equal((long)stored["size"]!, delivery.Body.Length);

        // lame decodes it to the same length, and it still carries the caller's speech on the left.
        var mp3 = directory.File("delivered.mp3");
        File.WriteAllBytes(mp3, delivery.Body);
        var decoded = directory.File("delivered.wav");
        AudioTools.DecodeMp3(mp3, decoded);
        Assert.Equal(3.0, AudioTools.Duration(decoded), tolerance: 0.1);
        var speech = AudioTools.DecodeAlaw(directory.File("speech.alaw"), directory.File("speech.raw"));
        var left = AudioTools.Channel(decoded, 1, directory.File("left.raw"));
        var speechLeft = AudioTools.BestCorrelation(speech[..16000], left, maxLag: 8000);
        output.WriteLine($"mp3 speech~left {speechLeft}");
        Assert.True(speechLeft.Correlation > 0.7, $"the MP3's caller channel does not carry the speech: {speechLeft}");

        // The node counts what happened, for Prometheus.
        var metrics = await api.Http.GetStringAsync("/metrics");
        Assert.Contains("callactors_recordings_uploads_total{result=\"failed\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("callactors_recordings_uploads_total{result=\"delivered\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("callactors_recordings_settled_total{status=\"stored\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("callactors_recordings_capturing 0", metrics, StringComparison.Ordinal);

        // Delivered: the node keeps no copy, and says where it went.
        var (gone, goneBody) = await api.SendAsync(HttpMethod.Get, $"calls/{call}/recordings/{(string)stored["id"]!}");
        Assert.Equal(404, gone);
        Assert.Contains("delivered", (string)goneBody!["data"]!["message"]!, StringComparison.Ordinal);

        caller.WaitForExit().AssertSucceeded();
        callee.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        var (ended, endedBody) = await api.SendAsync(HttpMethod.Put, $"calls/{call}/recording", new { action = "start" });
        Assert.Equal(409, ended);
        Assert.Equal("call_ended", (string)endedBody!["message"]!);
        Assert.Single((await api.GetDataAsync($"calls/{call}/recordings")).AsArray());
    }

    [PeerFact("sipp", "sip-tester", "sox", "sox", "espeak-ng", "espeak-ng")]
    public async Task A_node_killed_while_uploading_resumes_after_restart_and_delivers_the_file_once()
    {
        Require("sipp", "sox", "espeak-ng");
        var net = Loopback.Claim(27);
        using var directory = new TempDirectory();
        MakeAudio(directory);
        var settings = Settings(net, 32500, 32549, $"{{ url = \"http://{net.Phone}:8091/rec/\" }}");
        // The server reads the first upload at 20 KB/s, so the node is killed in the middle of it.
        using var server = UploadServer.Start(net.Phone, 8091, firstRequestDelayPerKilobyte: TimeSpan.FromMilliseconds(50));
        string callId;
        string token;
        string accountId;
        using (var node = InteropNode.Start(directory.Path, settings))
        {
            using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
            (token, accountId) = (api.Token, api.AccountId);
            callId = PlaceCall(directory, net, node, callSeconds: 3);
            var uploading = await WaitForRecordingAsync(api, callId, r => (string)r["status"]! == "uploading");
            output.WriteLine(uploading.ToJsonString());
            await WaitUntilAsync(() => Task.FromResult(server.BytesInFlight >= 8 * 1024), "the upload is under way");
            node.Crash();
        }
        // What the killed node had handed to its kernel still reaches the server: the body is then either cut short
        // (an interrupted request) or, when the socket buffers held all of it, complete. The restarted node must deliver
        // the file exactly once in both cases (HEAD first, PUT only when it is not there).
        await WaitUntilAsync(() => Task.FromResult(server.InterruptedRequests + server.Deliveries.Count >= 1), "the first upload ends on the server");
        output.WriteLine($"first upload: {(server.Deliveries.IsEmpty ? "cut short" : "complete (from the dead node's socket buffers)")}");

        using (var node = InteropNode.Start(directory.Path, settings))
        {
            var delivery = server.WaitForDelivery(Wait);
            using var http = NodeApi.Client(net);
            JsonNode? stored = null;
            await WaitUntilAsync(async () =>
            {
                // The account and its token outlive the restart (journal and key file).
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/accounts/{accountId}/calls/{Uri.EscapeDataString(callId)}/recordings");
                request.Headers.Add("X-Auth-Token", token);
                using var response = await http.SendAsync(request);
                stored = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]![0];
                return (string?)stored?["status"] == "stored";
            }, "the restarted node records the delivery");
            output.WriteLine(stored!.ToJsonString());
            Assert.Equal((string)stored["sha256"]!, delivery.Sha256);
            Assert.Equal((long)stored["size"]!, delivery.Body.Length);
            Assert.Equal("hangup", (string)stored["stop_reason"]!);
            // Delivered once: no second PUT follows.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Single(server.Deliveries);
            var resumed = node.WaitForLines(new System.Text.RegularExpressions.Regex(@"recording \w+ delivered to .* \(found there by HEAD: (True|False)\)"), 1, Wait);
            output.WriteLine(resumed[0].Value);
        }
    }

    private static void Require(params string[] binaries)
    {
        foreach (var binary in binaries)
        {
            Peers.Require(binary, binary switch { "sipp" => "sip-tester", _ => binary });
        }
    }

    private static void MakeAudio(TempDirectory directory)
    {
        AudioTools.MakeSpeech(Speech, directory.File("speech.alaw"));
        AudioTools.MakeTone(440, 1.0, directory.File("tone.alaw"));
    }

    private static NodeSettings Settings(Loopback net, int mediaMin, int mediaMax, string? recordCall, params string[] sets) => new()
    {
        Address = net.Node,
        Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070", RecordCall: recordCall)],
        MediaPortMin = mediaMin,
        MediaPortMax = mediaMax,
        Sets = [.. NodeApi.Sets(net), .. sets],
    };

    private static InteropNode StartNode(TempDirectory directory, Loopback net, int mediaMin, int mediaMax, string? recordCall, params string[] sets) =>
        InteropNode.Start(directory.Path, Settings(net, mediaMin, mediaMax, recordCall, sets));

    private static Sipp StartCallee(TempDirectory directory, Loopback net)
    {
        var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout,
            "-sf", Sipp.Scenario("uas_streams_tone.xml"), "-mp", UasMediaPort.ToString(CultureInfo.InvariantCulture), "-m", "1");
        callee.WaitUntilListening();
        return callee;
    }

    private static Sipp StartCaller(TempDirectory directory, Loopback net, InteropNode node, int callSeconds) =>
        Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout,
            node.SipAddress, "-sf", Sipp.Scenario("uac_streams_speech.xml"), "-d", (callSeconds * 1000).ToString(CultureInfo.InvariantCulture), "-m", "1");

    /// <summary>One call from the speaking caller to the tone-playing callee, to its end; its Call-ID.</summary>
    private static string PlaceCall(TempDirectory directory, Loopback net, InteropNode node, int callSeconds)
    {
        using var callee = StartCallee(directory, net);
        using var caller = StartCaller(directory, net, node, callSeconds);
        caller.WaitForExit().AssertSucceeded();
        callee.WaitForExit().AssertSucceeded();
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        return callId;
    }

    private static async Task<JsonNode> WaitForRecordingAsync(NodeApi api, string callId, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var last = (await api.GetDataAsync($"calls/{Uri.EscapeDataString(callId)}/recordings")).AsArray().LastOrDefault();
            if (last is not null && condition(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the recording did not reach the expected state; last seen: {last?.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting until {what}");
            }
            await Task.Delay(100);
        }
    }

    private static string JsonSerializer(object body) => System.Text.Json.JsonSerializer.Serialize(body);
}
