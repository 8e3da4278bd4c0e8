using System.Text.Json.Nodes;
using CallActors.Interop.Tests.Api;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Interop.Tests.Recording;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.CallControl;

/// <summary>Click-to-call through the sessions API with two sipp UAS parties: the node calls the caller (who plays a
/// tone once answered), then the callee (who echoes what it hears) through a named trunk, bridges them, holds and
/// unholds the callee, and hangs the session up. Subnet 31: .1 the node, .2 the caller, .4 the callee.</summary>
public sealed class ClickToCallInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PeerFact("sipp", "sip-tester", "sox", "sox")]
    public async Task A_session_calls_the_caller_then_the_callee_bridges_media_both_ways_holds_and_ends_on_delete()
    {
        var net = Loopback.Claim(31);
        using var directory = new TempDirectory();
        AudioTools.MakeTone(440, 1.0, directory.File("tone.alaw"));
        using var node = InteropNode.Start(directory.Path, new NodeSettings
        {
            Address = net.Node,
            Routes =
            [
                new NodeRoute("alice", $"sip:alice@{net.Uas}:5070", MatchUser: "^alice$"),
                new NodeRoute("pstn", $"sip:${{user}}@{net.Phone}:5071", MatchUser: "^dave$"),
            ],
            MediaPortMin = 32700,
            MediaPortMax = 32749,
            Sets = [.. NodeApi.Sets(net)],
        });
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);

        // Bad input: an unknown trunk, and parties no route takes; 404 with a reason each, and no session made.
        foreach (var (body, error) in new (object Body, string Error)[]
        {
            (new { caller = "alice", callee = "dave", trunk = "nope" }, "unknown_trunk"),
            (new { caller = "alice", callee = "nobody" }, "no_route"),
            (new { caller = "nobody", callee = "dave" }, "no_route"),
        })
        {
            var (status, envelope) = await api.SendAsync(HttpMethod.Post, "sessions", body);
            output.WriteLine($"{System.Text.Json.JsonSerializer.Serialize(body)} -> {status} {envelope?.ToJsonString()}");
            Assert.Equal(404, status);
            Assert.Equal(error, (string)envelope!["message"]!);
        }
        Assert.Equal(0, (int)(await api.GetDataAsync("sessions"))["count"]!);

        using var alice = Sipp.Start(directory.Path, "alice", net.Uas, 5070, SippTimeout,
            "-sf", Sipp.Scenario("uas_streams_tone.xml"), "-mp", "16000", "-m", "1");
        alice.WaitUntilListening();
        using var dave = Sipp.Start(directory.Path, "dave", net.Phone, 5071, SippTimeout,
            "-sf", Sipp.Scenario("uas_answers_reinvites.xml"), "-mp", "16100", "-rtp_echo", "-m", "1");
        dave.WaitUntilListening();

        var (created, createdBody) = await api.SendAsync(HttpMethod.Post, "sessions",
            new { caller = "alice", callee = "dave", caller_display_name = "Alice Example", trunk = "pstn" });
        output.WriteLine(createdBody?.ToJsonString());
        Assert.Equal(201, created);
        var id = (string)createdBody!["data"]!["id"]!;
        var session = Uri.EscapeDataString(id);

        var bridged = await WaitForSessionAsync(api, session, s => s["calls"]!.AsArray().Count == 2 &&
            s["calls"]!.AsArray().All(c => (string)c!["status"]! == "answered"));
        output.WriteLine(bridged.ToJsonString());
        Assert.True((bool)bridged["click_to_call"]!);
        var calls = bridged["calls"]!.AsArray();
        Assert.Equal(("caller", $"sip:alice@{net.Uas}:5070", "Alice Example"), ((string)calls[0]!["leg"]!, (string)calls[0]!["party"]!, (string?)calls[0]!["display_name"]));
        Assert.Equal(("callee", $"sip:dave@{net.Phone}:5071", "pstn"), ((string)calls[1]!["leg"]!, (string)calls[1]!["party"]!, (string?)calls[1]!["trunk"]));
        // The caller answered first: the callee was only dialled after it.
        Assert.True(DateTimeOffset.Parse((string)calls[0]!["answered_at"]!) <= DateTimeOffset.Parse((string)calls[1]!["started_at"]!));

        // Media both ways: alice's tone reaches dave, and dave's echo comes back to alice.
        await Task.Delay(1500);
        var insights = await api.GetDataAsync($"calls/{session}/insights");
        output.WriteLine(insights["media_metrics"]?.ToJsonString());
        foreach (var leg in new[] { "caller", "callee" })
        {
            var counts = insights["media_metrics"]![leg]!["figures"]!;
            Assert.True((long)counts["inbound"]!["counts"]!["media_packets"]! > 20, $"{leg} inbound");
            Assert.True((long)counts["outbound"]!["counts"]!["media_packets"]! > 20, $"{leg} outbound");
        }

        // Hold and unhold the callee: a re-INVITE a=sendonly, then a=sendrecv, each answered.
        var (held, heldBody) = await api.SendAsync(HttpMethod.Post, $"sessions/{session}/hold");
        output.WriteLine(heldBody?.ToJsonString());
        Assert.Equal(200, held);
        Assert.True((bool)heldBody!["data"]!["held"]!);
        var (twice, _) = await api.SendAsync(HttpMethod.Post, $"sessions/{session}/hold");
        Assert.Equal(409, twice);
        Assert.True((bool)(await api.GetDataAsync($"sessions/{session}"))["calls"]![1]!["held"]!);
        var (unheld, unheldBody) = await api.SendAsync(HttpMethod.Post, $"sessions/{session}/unhold");
        Assert.Equal(200, unheld);
        Assert.False((bool)unheldBody!["data"]!["held"]!);

        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"sessions/{session}");
        Assert.Equal(200, deleted);
        alice.WaitForExit().AssertSucceeded();
        dave.WaitForExit().AssertSucceeded();
        node.WaitForCall(id, c => c.Manifests.Contains("call-ended"), Wait);
        var call = await api.GetDataAsync($"calls/{session}");
        output.WriteLine(call.ToJsonString());
        Assert.Equal("completed", (string)call["status"]!);
        Assert.Equal(0, (int)(await api.GetDataAsync("sessions"))["count"]!);

        // The dialogue: the node's INVITEs to both parties, the hold and unhold re-INVITEs to the callee, both BYEs.
        var inspection = await api.GetDataAsync($"call_inspector/{session}");
        var labels = inspection["messages"]!.AsArray().Select(m => $"{(string)m!["leg"]!} {(string)m["direction"]!} {(string)m["label"]!}").ToList();
        output.WriteLine(string.Join('\n', labels));
        Assert.Contains(labels, l => l.StartsWith("caller sent INVITE sip:alice@", StringComparison.Ordinal));
        Assert.Equal(3, labels.Count(l => l.StartsWith("callee sent INVITE sip:", StringComparison.Ordinal) || l.StartsWith("callee sent INVITE <", StringComparison.Ordinal)));
        Assert.Contains(labels, l => l.StartsWith("caller sent BYE ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("callee sent BYE ", StringComparison.Ordinal));
    }

    private static async Task<JsonNode> WaitForSessionAsync(NodeApi api, string session, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        JsonNode? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await api.SendAsync(HttpMethod.Get, $"sessions/{session}");
            if (status == 200)
            {
                last = body!["data"]!;
                if (condition(last))
                {
                    return last;
                }
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"the session did not reach the expected state; last seen: {last?.ToJsonString()}");
    }
}
