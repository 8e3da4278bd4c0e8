using System.Globalization;
using System.Text.Json.Nodes;
using CallActors.Interop.Tests.Api;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;
using Xunit.Abstractions;

namespace CallActors.Interop.Tests.CallControl;

/// <summary>Transfers carried out by a node in its own process between real sipp parties, driven through the API (blind
/// with a busy first target and a fallback, attended with hold, consultation and completion) and by a REFER a sipp
/// caller sends. Each test has its own 127.0.x subnet: .1 the node, .2 the callee "bob", .3 the caller, .4 the targets.</summary>
public sealed class TransferInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PeerFact("sipp", "sip-tester")]
    public async Task A_blind_transfer_whose_first_target_is_busy_falls_back_to_the_next_which_answers_and_the_original_party_is_released()
    {
        var net = Loopback.Claim(28);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32550, 32599);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var busy = StartUas(directory, "busy", net.Phone, 5072, 16200, "-sf", Sipp.Scenario("uas_busy.xml"));
        using var carol = StartUas(directory, "carol", net.Phone, 5071, 16100, "-sf", Sipp.Scenario("uas_hangs_up.xml"));
        using var caller = StartCaller(directory, net, node, "uac_waits_for_bye.xml");
        var (callId, call) = await WaitForAnsweredCallAsync(node, api);

        // Bad input first: a target no route takes, and a fallback no route takes. 404 each, and no transfer made.
        foreach (var body in new object[]
        {
            new { kind = "blind", transfer_to = "nobody" },
            new { kind = "blind", transfer_to = "carol", fallback = new[] { "sip:nobody@elsewhere.invalid" } },
        })
        {
            var (status, envelope) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", body);
            output.WriteLine($"{System.Text.Json.JsonSerializer.Serialize(body)} -> {status} {envelope?.ToJsonString()}");
            Assert.Equal(404, status);
            Assert.Contains("nobody", envelope!["data"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        Assert.Empty((await api.GetDataAsync($"calls/{call}/transfers")).AsArray());

        var (created, createdBody) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers",
            new { kind = "blind", transfer_to = "busy", leg = "caller", fallback = new[] { "carol" } });
        Assert.Equal(201, created);
        var id = (string)createdBody!["data"]!["id"]!;
        Assert.Equal("busy", (string)createdBody["data"]!["transfer_to"]!);

        var transfer = await WaitForTransferAsync(api, call, id, t => (string)t["status"]! is "completed" or "failed" or "cancelled");
        output.WriteLine(transfer.ToJsonString());
        Assert.Equal("completed", (string)transfer["status"]!);
        Assert.Equal("transferred", (string)transfer["outcome"]!);
        Assert.Equal("api", (string)transfer["origin"]!);
        var attempts = transfer["routing_attempts"]!.AsArray();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(("busy", "failed", 486, "busy"), ((string)attempts[0]!["target"]!, (string)attempts[0]!["status"]!, (int)attempts[0]!["sip_code"]!, (string)attempts[0]!["failure_cause"]!));
        Assert.Equal(("carol", "completed"), ((string)attempts[1]!["target"]!, (string)attempts[1]!["status"]!));
        Assert.NotNull(attempts[1]!["answered_at"]);
        AssertHistory(transfer, "requested", "dialing", "requested", "dialing", "ringing", "answered", "completed");

        // bob was released with a BYE; carol hangs up half a second after answering, and the caller gets that BYE.
        bob.WaitForExit().AssertSucceeded();
        busy.WaitForExit().AssertSucceeded();
        carol.WaitForExit().AssertSucceeded();
        caller.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);

        // The dialogue shows every leg: bob's INVITE and BYE, the busy target's 486, carol's INVITE, 200 and BYE.
        var labels = await DialogueAsync(api, node, callId);
        Assert.Contains(labels, l => l.StartsWith("callee sent BYE sip:", StringComparison.Ordinal));
        Assert.Contains(labels, l => l == "callee received SIP/2.0 486 Busy Here");
        Assert.Contains(labels, l => l.StartsWith("callee sent INVITE sip:carol@", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("callee received BYE ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("caller sent BYE ", StringComparison.Ordinal));

        // The route recorded the call from the answer: the recording went on through the transfer, to the hangup.
        var recording = Assert.Single((await api.GetDataAsync($"calls/{call}/recordings")).AsArray())!;
        output.WriteLine(recording.ToJsonString());
        var completedAt = DateTimeOffset.Parse((string)transfer["completed_at"]!, CultureInfo.InvariantCulture);
        await WaitUntilStoredAsync(api, call);
        recording = Assert.Single((await api.GetDataAsync($"calls/{call}/recordings")).AsArray())!;
        Assert.Equal(("stored", "hangup"), ((string)recording["status"]!, (string)recording["stop_reason"]!));
        var startedAt = DateTimeOffset.Parse((string)recording["started_at"]!, CultureInfo.InvariantCulture);
        var stoppedAt = DateTimeOffset.Parse((string)recording["stopped_at"]!, CultureInfo.InvariantCulture);
        Assert.True(stoppedAt > completedAt, $"the recording stopped at {stoppedAt:O}, before the transfer completed at {completedAt:O}");
        Assert.True((double)recording["duration"]! >= (completedAt - startedAt).TotalSeconds, "the recording is shorter than the call up to the transfer");

        // A transfer of the ended call: 409, and nothing added.
        var (late, lateBody) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", new { kind = "blind", transfer_to = "carol" });
        Assert.Equal(409, late);
        Assert.Equal("call_ended", (string)lateBody!["message"]!);
        Assert.Single((await api.GetDataAsync($"calls/{call}/transfers")).AsArray());
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task An_attended_transfer_holds_the_caller_falls_back_past_a_busy_target_consults_the_next_and_completes_into_a_bridge_of_caller_and_target()
    {
        var net = Loopback.Claim(29);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32600, 32649);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var busy = StartUas(directory, "busy", net.Phone, 5072, 16200, "-sf", Sipp.Scenario("uas_busy.xml"));
        using var carol = StartUas(directory, "carol", net.Phone, 5071, 16100, "-sn", "uas");
        using var caller = StartCaller(directory, net, node, "uac_accepts_reinvites.xml");
        var (callId, call) = await WaitForAnsweredCallAsync(node, api);

        // The first consultation target is busy (486): the caller stays on hold and the fallback is dialled.
        var (created, createdBody) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers",
            new { kind = "warm", transfer_to = "busy", fallback = new[] { "carol" }, leg = "caller" });
        Assert.Equal(201, created);
        var id = (string)createdBody!["data"]!["id"]!;
        Assert.Equal("attended", (string)createdBody["data"]!["kind"]!);

        var consulting = await WaitForTransferAsync(api, call, id, t => (string)t["status"]! is "answered" or "failed" or "cancelled");
        Assert.Equal("answered", (string)consulting["status"]!);
        // A second transfer while this one runs: 409.
        var (second, _) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", new { kind = "blind", transfer_to = "carol" });
        Assert.Equal(409, second);

        var (completed, completedBody) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers/{id}", new { action = "complete" });
        output.WriteLine($"complete -> {completed} {completedBody?.ToJsonString()}");
        Assert.Equal(200, completed);
        Assert.Equal("completed", (string)completedBody!["data"]!["status"]!);
        bob.WaitForExit().AssertSucceeded();

        busy.WaitForExit().AssertSucceeded();

        var transfer = await WaitForTransferAsync(api, call, id, t => (string)t["status"]! == "completed");
        output.WriteLine(transfer.ToJsonString());
        AssertHistory(transfer, "requested", "dialing", "requested", "dialing", "ringing", "answered", "completed");
        var attempts = transfer["routing_attempts"]!.AsArray();
        Assert.Equal(("busy", "failed", 486, "busy"), ((string)attempts[0]!["target"]!, (string)attempts[0]!["status"]!, (int)attempts[0]!["sip_code"]!, (string)attempts[0]!["failure_cause"]!));
        Assert.Equal(("carol", "completed"), ((string)attempts[1]!["target"]!, (string)attempts[1]!["status"]!));
        // Cancelling a completed transfer: 409.
        var (cancelLate, _) = await api.SendAsync(HttpMethod.Delete, $"calls/{call}/transfers/{id}");
        Assert.Equal(409, cancelLate);

        // The caller and carol are bridged: hanging the session up sends each a BYE.
        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"sessions/{call}");
        Assert.Equal(200, deleted);
        caller.WaitForExit().AssertSucceeded();
        carol.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);

        var labels = await DialogueAsync(api, node, callId);
        // A message's leg is the relay side its party was on at the time. The hold re-INVITE goes to the caller on the
        // caller side, and carol is dialled on that (silent) side to consult with bob; completing releases bob and
        // takes the caller off hold on bob's former side, so the unhold re-INVITE is on the callee side.
        Assert.Single(labels, l => l.StartsWith($"caller sent INVITE sip:uac@{net.Uac}", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("caller sent INVITE sip:busy@", StringComparison.Ordinal));
        Assert.Contains(labels, l => l == "caller received SIP/2.0 486 Busy Here");
        Assert.Contains(labels, l => l.StartsWith("caller sent INVITE sip:carol@", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith($"callee sent BYE sip:{net.Uas}:5070", StringComparison.Ordinal));
        Assert.Single(labels, l => l.StartsWith($"callee sent INVITE sip:uac@{net.Uac}", StringComparison.Ordinal));
        var unhold = labels.FindIndex(l => l.StartsWith($"callee sent INVITE sip:uac@{net.Uac}", StringComparison.Ordinal));
        Assert.True(unhold > labels.FindIndex(l => l.StartsWith($"callee sent BYE sip:{net.Uas}:5070", StringComparison.Ordinal)), "the caller is taken off hold after bob is released");
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task An_attended_transfer_cancelled_during_the_consultation_releases_the_target_and_takes_the_caller_off_hold()
    {
        var net = Loopback.Claim(32);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32750, 32799);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var carol = StartUas(directory, "carol", net.Phone, 5071, 16100, "-sn", "uas");
        using var caller = StartCaller(directory, net, node, "uac_accepts_reinvites.xml");
        var (callId, call) = await WaitForAnsweredCallAsync(node, api);

        var (_, createdBody) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", new { kind = "attended", transfer_to = "carol" });
        var id = (string)createdBody!["data"]!["id"]!;
        await WaitForTransferAsync(api, call, id, t => (string)t["status"]! == "answered");
        var (cancelled, cancelledBody) = await api.SendAsync(HttpMethod.Delete, $"calls/{call}/transfers/{id}");
        output.WriteLine(cancelledBody?.ToJsonString());
        Assert.Equal(200, cancelled);
        Assert.Equal(("cancelled", "cancelled"), ((string)cancelledBody!["data"]!["status"]!, (string)cancelledBody["data"]!["outcome"]!));
        // The target that had answered gets a BYE; the caller is re-INVITEd off hold, and is still with bob.
        carol.WaitForExit().AssertSucceeded();
        var (again, _) = await api.SendAsync(HttpMethod.Delete, $"calls/{call}/transfers/{id}");
        Assert.Equal(409, again);

        var (deleted, _) = await api.SendAsync(HttpMethod.Delete, $"sessions/{call}");
        Assert.Equal(200, deleted);
        caller.WaitForExit().AssertSucceeded();
        bob.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);

        var transfer = await api.GetDataAsync($"calls/{call}/transfers/{id}");
        AssertHistory(transfer, "requested", "dialing", "ringing", "answered", "cancelled");
        var labels = await DialogueAsync(api, node, callId);
        // Hold and unhold both toward the caller on its own side; bob's only BYE is the session's end.
        Assert.Equal(2, labels.Count(l => l.StartsWith($"caller sent INVITE sip:uac@{net.Uac}", StringComparison.Ordinal)));
        Assert.Single(labels, l => l.StartsWith($"callee sent BYE sip:{net.Uas}:5070", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith($"caller sent BYE sip:{net.Phone}:5071", StringComparison.Ordinal));
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task A_refer_from_a_sipp_caller_is_carried_out_by_the_node_and_tracked_as_a_transfer()
    {
        var net = Loopback.Claim(30);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32650, 32699);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var carol = StartUas(directory, "carol", net.Phone, 5071, 16100, "-sf", Sipp.Scenario("uas_hangs_up.xml"));
        using var caller = StartCaller(directory, net, node, "uac_refers_after_answer.xml", "-d", "1000", "-key", "refer_to", $"sip:carol@{net.Node}");

        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        var call = Uri.EscapeDataString(callId);
        // The referrer got 202, NOTIFY 100 and a final NOTIFY 200 (its scenario fails otherwise), then hung up.
        caller.WaitForExit().AssertSucceeded();
        carol.WaitForExit().AssertSucceeded();
        bob.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);

        var transfer = Assert.Single((await api.GetDataAsync($"calls/{call}/transfers")).AsArray())!;
        output.WriteLine(transfer.ToJsonString());
        Assert.Equal(("refer", "blind", "callee", "completed"), ((string)transfer["origin"]!, (string)transfer["kind"]!, (string)transfer["leg"]!, (string)transfer["status"]!));
        Assert.Equal($"sip:carol@{net.Node}", (string)transfer["transfer_to"]!);
        AssertHistory(transfer, "requested", "dialing", "ringing", "answered", "completed");

        var labels = await DialogueAsync(api, node, callId);
        Assert.Contains(labels, l => l.StartsWith("caller received REFER ", StringComparison.Ordinal));
        Assert.Contains(labels, l => l == "caller sent SIP/2.0 202 Accepted");
        // NOTIFY 100 Trying, then (180 Ringing and) the final 200 OK, each answered by the referrer.
        Assert.InRange(labels.Count(l => l.StartsWith("caller sent NOTIFY ", StringComparison.Ordinal)), 2, 3);
        Assert.Contains(labels, l => l.StartsWith("caller sent INVITE sip:carol@", StringComparison.Ordinal));
        Assert.Contains(labels, l => l.StartsWith("caller received BYE ", StringComparison.Ordinal));
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task A_refer_with_replaces_naming_another_call_of_the_node_joins_the_two_other_parties_and_ends_the_replaced_call()
    {
        // The phone's own attended transfer (RFC 5589 §7): the sipp "phone" at .3 has call 1 with bob and call 2 with
        // carol, both through the node, and sends in call 1 a REFER to carol with a Replaces naming its dialog of call 2.
        var net = Loopback.Claim(33);
        using var directory = new TempDirectory();
        using var node = StartNode(directory, net, 32800, 32849);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        // carol answers twice: call 2, then the node's INVITE with Replaces; both dialogs end with a BYE to her.
        using var carol = Sipp.Start(directory.Path, "carol", net.Phone, 5071, SippTimeout, ["-sn", "uas", "-mp", "16100", "-m", "2"]);
        carol.WaitUntilListening();

        using var consultation = Sipp.Start(directory.Path, "consultation", net.Uac, 5062, SippTimeout,
            [node.SipAddress, "-sf", Sipp.Scenario("uac_waits_for_bye.xml"), "-s", "carol", "-m", "1", "-mp", "16300"]);
        var consultationId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        await WaitForCallStatusAsync(api, Uri.EscapeDataString(consultationId), "ongoing");
        var consultationCall = node.WaitForCall(consultationId, c => c.Dialogue.Count(m => m.Label.StartsWith("SIP/2.0 200", StringComparison.Ordinal)) >= 2, Wait)!;
        // The phone's dialog of call 2 as the node sees it: its own tag is the To tag of its 200 to the phone.
        var toPhone = consultationCall.Dialogue.Single(m => m is { Leg: "caller", Direction: "sent" } && m.Label.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && m.CSeq == "1 INVITE");
        var nodeTag = TagOf(toPhone, "To");
        var phoneTag = TagOf(toPhone, "From");
        // ... and the node's dialog with carol, which the INVITE to her must name instead.
        var fromCarol = consultationCall.Dialogue.Single(m => m is { Leg: "callee", Direction: "received" } && m.Label.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && m.CSeq == "1 INVITE");
        var carolReplaces = $"{fromCarol.SipCallId};to-tag={TagOf(fromCarol, "To")};from-tag={TagOf(fromCarol, "From")}";

        var replaces = Uri.EscapeDataString($"{consultationId};to-tag={nodeTag};from-tag={phoneTag}");
        using var caller = StartCaller(directory, net, node, "uac_refers_after_answer.xml", "-d", "1000", "-mp", "16400",
            "-key", "refer_to", $"sip:carol@{net.Node}?Replaces={replaces}");
        // The phone got 202, NOTIFY 100 and the final NOTIFY 200 (its scenario fails otherwise), then hung up call 1.
        caller.WaitForExit().AssertSucceeded();
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        Assert.NotEqual(consultationId, callId);
        var call = Uri.EscapeDataString(callId);

        var transfer = Assert.Single((await api.GetDataAsync($"calls/{call}/transfers")).AsArray())!;
        output.WriteLine(transfer.ToJsonString());
        Assert.Equal(("refer", "attended", "callee", "completed"), ((string)transfer["origin"]!, (string)transfer["kind"]!, (string)transfer["leg"]!, (string)transfer["status"]!));
        Assert.Equal(consultationId, (string)transfer["replaced_call_id"]!);
        Assert.Equal($"{consultationId};to-tag={nodeTag};from-tag={phoneTag}", (string)transfer["replaces"]!);
        AssertHistory(transfer, "requested", "dialing", "ringing", "answered", "completed");

        // Call 2 is over: carol does not hang up her old dialog herself (sipp's uas knows no Replaces), so after the
        // grace period the node released the phone's leg and carol's old one.
        consultation.WaitForExit().AssertSucceeded();
        var replaced = node.WaitForCall(consultationId, c => c.Manifests.Contains("call-ended"), Wait)!;
        Assert.Contains(replaced.Dialogue, m => m is { Leg: "callee", Direction: "sent" } && m.Label.StartsWith("BYE ", StringComparison.Ordinal));

        // Call 1 went to carol with the Replaces translated to the node's dialog with her, and bridges bob and carol.
        var bridged = node.ReadCall(callId);
        var invite = Assert.Single(bridged.Dialogue, m => m is { Direction: "sent" } && m.Label.StartsWith($"INVITE sip:{net.Phone}:5071", StringComparison.Ordinal));
        Assert.Contains($"Replaces: {carolReplaces}", invite.Raw);
        Assert.Equal("ongoing", (string)(await api.GetDataAsync($"calls/{call}"))["status"]!);

        // Hanging up call 1 ends bob's and carol's new dialog: every sipp ends well.
        var (hungUp, _) = await api.SendAsync(HttpMethod.Delete, $"sessions/{call}");
        Assert.Equal(200, hungUp);
        bob.WaitForExit().AssertSucceeded();
        carol.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        var labels = await DialogueAsync(api, node, callId);
        Assert.Contains(labels, l => l.StartsWith($"caller sent BYE sip:{net.Phone}:5071", StringComparison.Ordinal));
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task A_transfer_in_progress_when_the_node_is_killed_is_cancelled_as_node_restarted_after_the_restart()
    {
        var net = Loopback.Claim(34);
        using var directory = new TempDirectory();
        var settings = Settings(net, 32850, 32899);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var ringer = StartUas(directory, "ringer", net.Phone, 5073, 16200, "-sf", Sipp.Scenario("uas_rings_until_cancelled.xml"));
        string callId;
        string call;
        string id;
        NodeApi before;
        using (var node = InteropNode.Start(directory.Path, settings))
        {
            before = await NodeApi.LoginAsync(node, net, realm: net.Node);
            using var caller = StartCaller(directory, net, node, "uac_waits_for_bye.xml");
            (callId, call) = await WaitForAnsweredCallAsync(node, before);
            var (created, body) = await before.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", new { kind = "blind", transfer_to = "ringer", leg = "caller" });
            Assert.Equal(201, created);
            id = (string)body!["data"]!["id"]!;
            await WaitForTransferAsync(before, call, id, t => (string)t["status"]! == "ringing");
            node.Crash();
        }

        using var restarted = InteropNode.Start(directory.Path, settings);
        using var api = before.Reconnect(net);
        before.Dispose();
        var transfer = await WaitForTransferAsync(api, call, id, t => (string)t["status"]! != "ringing");
        output.WriteLine(transfer.ToJsonString());
        Assert.Equal(("cancelled", "cancelled", "node_restarted"), ((string)transfer["status"]!, (string)transfer["outcome"]!, (string)transfer["failure_cause"]!));
        var attempt = Assert.Single(transfer["routing_attempts"]!.AsArray())!;
        Assert.Equal(("ringer", "cancelled", 180), ((string)attempt["target"]!, (string)attempt["status"]!, (int)attempt["sip_code"]!));
        AssertHistory(transfer, "requested", "dialing", "ringing", "cancelled");
        Assert.NotNull(transfer["completed_at"]);
        // The call itself is finalised too, and both survive a second look from the journal.
        restarted.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        var ended = await api.GetDataAsync($"calls/{call}");
        Assert.Equal(("failed", "NODE_RESTARTED"), ((string)ended["status"]!, (string?)ended["hangup_cause"]));
    }

    [PeerFact("sipp", "sip-tester")]
    public async Task With_blind_transfer_by_refer_on_the_node_refers_the_kept_caller_follows_its_notifys_and_the_new_call_comes_through_the_node()
    {
        var net = Loopback.Claim(35);
        using var directory = new TempDirectory();
        var settings = Settings(net, 32900, 32949) with { Sets = [.. NodeApi.Sets(net), "callactors.sip.calls.blind-transfer-by-refer=true"] };
        using var node = InteropNode.Start(directory.Path, settings);
        using var api = await NodeApi.LoginAsync(node, net, realm: net.Node);
        using var bob = StartUas(directory, "bob", net.Uas, 5070, 16000, "-sn", "uas");
        using var carol = StartUas(directory, "carol", net.Phone, 5071, 16100, "-sn", "uas");
        // The caller lists REFER in its Allow; it sends the final NOTIFY 1.5 s after the 100 Trying.
        using var caller = StartCaller(directory, net, node, "uac_accepts_refer.xml", "-d", "1500", "-mp", "16400");
        var (callId, call) = await WaitForAnsweredCallAsync(node, api);

        var (created, body) = await api.SendAsync(HttpMethod.Post, $"calls/{call}/transfers", new { kind = "blind", transfer_to = "carol", leg = "caller" });
        Assert.Equal(201, created);
        var id = (string)body!["data"]!["id"]!;
        node.WaitForLines(new System.Text.RegularExpressions.Regex("REFER sent to the a-leg for sip:carol@"), 1, Wait);
        // Carried out by the caller: the API cannot cancel it.
        var (cancel, _) = await api.SendAsync(HttpMethod.Delete, $"calls/{call}/transfers/{id}");
        Assert.Equal(409, cancel);

        // The call the REFER asks for, placed by a second sipp as the caller's phone would: it comes through the node.
        using var transferred = Sipp.Start(directory.Path, "transferred", net.Uac, 5064, SippTimeout,
            [node.SipAddress, "-sn", "uac", "-s", "carol", "-d", "300", "-m", "1", "-mp", "16500"]);
        var newCallId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        Assert.NotEqual(callId, newCallId);
        transferred.WaitForExit().AssertSucceeded();
        carol.WaitForExit().AssertSucceeded();

        // The final NOTIFY completes the transfer; the caller then hangs up, and bob gets that BYE.
        caller.WaitForExit().AssertSucceeded();
        bob.WaitForExit().AssertSucceeded();
        node.WaitForCall(callId, c => c.Manifests.Contains("call-ended"), Wait);
        var transfer = await WaitForTransferAsync(api, call, id, t => (string)t["status"]! is "completed" or "failed");
        output.WriteLine(transfer.ToJsonString());
        Assert.Equal(("completed", "transferred"), ((string)transfer["status"]!, (string)transfer["outcome"]!));
        AssertHistory(transfer, "requested", "dialing", "answered", "completed");

        var labels = await DialogueAsync(api, node, callId);
        Assert.Contains(labels, l => l.StartsWith($"caller sent REFER sip:uac@{net.Uac}", StringComparison.Ordinal));
        Assert.Contains(labels, l => l == "caller received SIP/2.0 202 Accepted");
        Assert.Equal(2, labels.Count(l => l.StartsWith("caller received NOTIFY ", StringComparison.Ordinal)));
        Assert.Contains(labels, l => l.StartsWith($"callee sent BYE sip:{net.Uas}:5070", StringComparison.Ordinal));
        // The node dialled nobody itself in this call.
        Assert.DoesNotContain(labels, l => l.StartsWith("caller sent INVITE", StringComparison.Ordinal));
    }

    /// <summary>The tag parameter of a header of a recorded message.</summary>
    private static string TagOf(DialogueMessage message, string header)
    {
        var line = message.Raw.First(l => l.StartsWith(header + ":", StringComparison.OrdinalIgnoreCase));
        return Sip.Messages.NameAddress.Parse(line[(header.Length + 1)..].Trim()).Tag!;
    }

    private static async Task WaitUntilStoredAsync(NodeApi api, string call)
    {
        var deadline = DateTime.UtcNow + Wait;
        while ((string?)(await api.GetDataAsync($"calls/{call}/recordings")).AsArray().Single()!["status"] is "recording" or "stopping" or "uploading")
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("the recording did not settle");
            }
            await Task.Delay(100);
        }
    }

    private static InteropNode StartNode(TempDirectory directory, Loopback net, int mediaMin, int mediaMax) =>
        InteropNode.Start(directory.Path, Settings(net, mediaMin, mediaMax));

    private static NodeSettings Settings(Loopback net, int mediaMin, int mediaMax) =>
        new()
        {
            Address = net.Node,
            Routes =
            [
                new NodeRoute("busy", $"sip:busy@{net.Phone}:5072", MatchUser: "^busy$"),
                new NodeRoute("carol", $"sip:carol@{net.Phone}:5071", MatchUser: "^carol$"),
                new NodeRoute("ringer", $"sip:ringer@{net.Phone}:5073", MatchUser: "^ringer$"),
                new NodeRoute("bob", $"sip:${{user}}@{net.Uas}:5070", RecordCall: "{ format = wav }", MatchUser: "^bob$"),
            ],
            MediaPortMin = mediaMin,
            MediaPortMax = mediaMax,
            Sets = [.. NodeApi.Sets(net)],
        };

    private static Sipp StartUas(TempDirectory directory, string name, string address, int port, int mediaPort, params string[] scenario)
    {
        var uas = Sipp.Start(directory.Path, name, address, port, SippTimeout,
            [.. scenario, "-mp", mediaPort.ToString(CultureInfo.InvariantCulture), "-m", "1"]);
        uas.WaitUntilListening();
        return uas;
    }

    /// <summary>Each status of the transfer's history, in order, each with a time no earlier than the one before.</summary>
    private static void AssertHistory(JsonNode transfer, params string[] statuses)
    {
        var history = transfer["history"]!.AsArray();
        Assert.Equal(statuses, history.Select(h => (string)h!["status"]!).ToArray());
        var times = history.Select(h => DateTimeOffset.Parse((string)h!["at"]!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.NotNull(transfer["created_at"]);
        Assert.NotNull(transfer["updated_at"]);
    }

    /// <summary>The call's dialogue from the inspector as "leg direction label" lines; exactly what the node recorded.</summary>
    private async Task<List<string>> DialogueAsync(NodeApi api, InteropNode node, string callId)
    {
        var recorded = node.ReadCall(callId);
        var inspection = await api.GetDataAsync($"call_inspector/{Uri.EscapeDataString(callId)}");
        var messages = inspection["messages"]!.AsArray();
        var labels = messages.Select(m => $"{(string)m!["leg"]!} {(string)m["direction"]!} {(string)m["label"]!}").ToList();
        output.WriteLine(string.Join('\n', labels));
        Assert.Equal(recorded.Dialogue.Count, messages.Count);
        return labels;
    }

    /// <summary>The sipp caller at .3, calling bob through the node with <paramref name="scenario"/>.</summary>
    private static Sipp StartCaller(TempDirectory directory, Loopback net, InteropNode node, string scenario, params string[] extra) =>
        Sipp.Start(directory.Path, "caller", net.Uac, 5060, SippTimeout, [node.SipAddress, "-sf", Sipp.Scenario(scenario), "-s", "bob", "-m", "1", .. extra]);

    /// <summary>The one call the node routed, once answered: its Call-ID, and the same escaped for a path.</summary>
    private static async Task<(string CallId, string Call)> WaitForAnsweredCallAsync(InteropNode node, NodeApi api)
    {
        var callId = Assert.Single(node.WaitForRoutedCalls(1, Wait));
        var call = Uri.EscapeDataString(callId);
        await WaitForCallStatusAsync(api, call, "ongoing");
        return (callId, call);
    }

    private static async Task WaitForCallStatusAsync(NodeApi api, string call, string status)
    {
        var deadline = DateTime.UtcNow + Wait;
        while ((await api.SendAsync(HttpMethod.Get, $"calls/{call}")).Body?["data"]?["status"]?.GetValue<string>() != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the call did not become {status}");
            }
            await Task.Delay(100);
        }
    }

    private static async Task<JsonNode> WaitForTransferAsync(NodeApi api, string call, string id, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var transfer = await api.GetDataAsync($"calls/{call}/transfers/{id}");
            if (condition(transfer))
            {
                return transfer;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"the transfer did not reach the expected state; last seen: {transfer.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }
}
