using System.Text.Json.Nodes;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.Api;

/// <summary>The HTTP API of a running node (its own process) as a user meets it: an account made with
/// <c>callactors sup</c>, a token, real sipp calls through the node, then the inspector, insights and sessions routes
/// with curl-like requests; modules stopped and started with the real <c>callactors sup</c> command.</summary>
public sealed class ApiEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [PeerFact("sipp", "sip-tester")]
    public async Task A_sipp_call_shows_both_legs_in_the_inspector_and_media_of_both_directions_in_its_insights()
    {
        Peers.Require("sipp", "sip-tester");
        var net = Loopback.Claim(22);
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.File("tone.alaw"), new byte[16000].Select((_, i) => (byte)(0x55 ^ (i % 64))).ToArray());
        using var node = StartNode(directory, net, 32200, 32249);
        using var user = await NodeApi.LoginAsync(node, net, realm: net.Node);

        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout,
                   "-sf", Sipp.Scenario("uas_echoes_alaw.xml"), "-mp", "16000", "-rtp_echo", "-m", "1"))
        {
            callee.WaitUntilListening();
            using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout,
                node.SipAddress, "-sf", Sipp.Scenario("uac_streams_alaw.xml"), "-m", "1");
            caller.WaitForExit().AssertSucceeded();
            callee.WaitForExit().AssertSucceeded();
        }
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        var recorded = node.ReadCall(callId);

        var inspection = await user.GetDataAsync($"call_inspector/{Uri.EscapeDataString(callId)}");
        output.WriteLine(inspection.ToJsonString());
        var messages = inspection["messages"]!.AsArray();
        var labels = messages.Select(m => $"{(string)m!["leg"]!} {(string)m["direction"]!} {(string)m["label"]!}").ToList();
        // Every message the node recorded, in the order it recorded them, on both legs.
        Assert.Equal(recorded.Dialogue.Count, messages.Count);
        Assert.Contains(labels, l => l.StartsWith("caller received INVITE ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("callee sent INVITE ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l == "callee received SIP/2.0 200 OK");
        Assert.Contains(labels, l => l == "caller sent SIP/2.0 200 OK");
        Assert.Contains(labels, l => l.StartsWith("caller received ACK ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("callee sent ACK ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("caller received BYE ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("callee sent BYE ", StringComparison.Ordinal));
        var times = messages.Select(m => (double)m!["timestamp"]!).ToList();
        Assert.Equal(times.Order(), times);
        var entities = inspection["dialog_entities"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains($"{net.Uac}:5060", entities);
        Assert.Contains($"{net.Uas}:5070", entities);
        Assert.Contains(node.SipAddress, entities);
        Assert.Equal($"{net.Uac}:5060", entities[0]);
        Assert.DoesNotContain(inspection["analysis"]!.AsArray(), f => (string)f!["severity"]! == "error");

        var insights = await user.GetDataAsync($"calls/{Uri.EscapeDataString(callId)}/insights");
        Assert.Equal("completed", (string)insights["status"]!);
        foreach (var leg in new[] { "caller", "callee" })
        {
            var figures = insights["media_metrics"]![leg]!["figures"]!;
            Assert.Equal(200, (long)figures["inbound"]!["counts"]!["media_packets"]!);
            Assert.Equal(200, (long)figures["outbound"]!["counts"]!["media_packets"]!);
            Assert.InRange((double)figures["inbound"]!["g107"]!["mos"]!, 4.0, 4.5);
        }

        var listed = await user.GetDataAsync("call_inspector");
        Assert.Equal(callId, (string)listed.AsArray().Single()!["id"]!);
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task Sessions_list_a_call_while_it_is_up_and_delete_hangs_it_up_with_bye_to_both_legs()
    {
        Peers.Require("sipp", "sip-tester");
        var net = Loopback.Claim(23);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32250, 32299);
        using var user = await NodeApi.LoginAsync(node, net, realm: net.Node);

        using var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout, "-sn", "uas", "-m", "1");
        callee.WaitUntilListening();
        using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout,
            node.SipAddress, "-sf", Sipp.Scenario("uac_waits_for_bye.xml"), "-m", "1");
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));

        JsonNode? session = null;
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            var sessions = await user.GetDataAsync("sessions");
            session = sessions["items"]!.AsArray().FirstOrDefault(s => (string)s!["id"]! == callId);
            if (session is not null && (string)session["calls"]![0]!["status"]! == "ongoing")
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.NotNull(session);
        output.WriteLine(session.ToJsonString());
        var leg = session["calls"]![0]!;
        Assert.Equal("ongoing", (string)leg["status"]!);
        Assert.Equal("uac", (string)leg["caller"]!);
        Assert.Equal("service", (string)leg["callee"]!);
        Assert.Equal("uas", (string)leg["trunk"]!);
        Assert.True((long)leg["talking_time"]! >= 0);
        Assert.Equal(callId, (string)(await user.GetDataAsync($"sessions/{Uri.EscapeDataString(callId)}"))["id"]!);

        var (deleted, _) = await user.SendAsync(HttpMethod.Delete, $"sessions/{Uri.EscapeDataString(callId)}");
        Assert.Equal(200, deleted);

        // sipp's caller ends only when it receives the BYE (and answers it); the callee likewise.
        caller.WaitForExit().AssertSucceeded();
        callee.WaitForExit().AssertSucceeded();
        var call = node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        Assert.Equal("completed, 200, api, NORMAL_CLEARING", call?.Ending);
        var after = await user.GetDataAsync("sessions");
        Assert.Equal(0, (int)after["count"]!);
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task Callactors_sup_stops_and_starts_a_module_on_the_live_node()
    {
        var net = Loopback.Claim(24);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32300, 32349);
        using var user = await NodeApi.LoginAsync(node, net, realm: net.Node);
        var path = $"/v2/accounts/{user.AccountId}/call_inspector";
        Assert.Equal(200, await user.StatusAsync(path));

        var stop = NodeApi.Sup(node, "crossbar_maintenance", "stop_module", "cb_call_inspector");
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.Contains("stopped cb_call_inspector", stop.Stdout);
        Assert.Equal(404, await user.StatusAsync(path));
        var running = NodeApi.Sup(node, "crossbar_maintenance", "running_modules");
        Assert.Equal(0, running.ExitCode);
        Assert.DoesNotContain("cb_call_inspector", running.Stdout);
        Assert.Contains("cb_calls", running.Stdout);

        Assert.Equal(0, NodeApi.Sup(node, "crossbar_maintenance", "start_module", "cb_call_inspector").ExitCode);
        Assert.Equal(200, await user.StatusAsync(path));
        Assert.Contains("cb_call_inspector", NodeApi.Sup(node, "crossbar_maintenance", "running_modules").Stdout);

        var unknown = NodeApi.Sup(node, "crossbar_maintenance", "start_module", "cb_nope");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("unknown module 'cb_nope'", unknown.Stderr);
        var badModule = NodeApi.Sup(node, "nope_maintenance", "x");
        Assert.NotEqual(0, badModule.ExitCode);
        Assert.Contains("unknown module 'nope_maintenance'", badModule.Stderr);

        node.Stop();
        var noNode = NodeApi.Sup(node, "crossbar_maintenance", "running_modules");
        Assert.Equal(1, noNode.ExitCode);
        Assert.Contains("no node is running", noNode.Stderr);
    }

    private static InteropNode StartNode(TempDirectory directory, Loopback net, int mediaMin, int mediaMax) =>
        InteropNode.Start(directory.Path, new NodeSettings
        {
            Address = net.Node,
            Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")],
            MediaPortMin = mediaMin,
            MediaPortMax = mediaMax,
            Sets = NodeApi.Sets(net),
        });
}
