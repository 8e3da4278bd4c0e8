using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;

namespace CallActors.Interop.Tests;

/// <summary>
/// One call at a time through a real node, sipp on both sides: the caller (UAC) dials the node, which routes the call
/// to the callee (UAS). Each test checks how the call ended and that the stored dialogue holds every message of both
/// legs in causal order (<see cref="Ladder"/>).
/// </summary>
public sealed class CallFlowTests
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(20);

    public CallFlowTests() => Peers.Require("sipp", "sip-tester");

    [PeerFact("sipp", "sip-tester")]
    public void The_caller_hangs_up()
    {
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            caller -> BYE
            caller <- 200 BYE
            callee <- BYE
            callee -> 200 BYE
            """);

        var (call, net) = PlaceOneCall(3, ladder, ["-sn", "uas"], ["-sn", "uac", "-d", "500"]);

        Assert.Equal("completed, 200, caller, NORMAL_CLEARING", call.Ending);
        Assert.Equal($"sip:service@{net.Uas}:5070", call.Target);
        Assert.Equal("uas", call.Route);
        Assert.Equal($"{net.Uac}:5060", call.RemoteSignallingAddress);
        Assert.NotNull(call.AnsweredAt);
        ladder.AssertMatches(call);
    }

    [PeerFact("sipp", "sip-tester")]
    public void The_callee_hangs_up()
    {
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            callee -> BYE
            callee <- 200 BYE
            caller <- BYE
            caller -> 200 BYE
            """);

        var (call, _) = PlaceOneCall(4, ladder, ["-sf", Sipp.Scenario("uas_hangs_up.xml")], ["-sf", Sipp.Scenario("uac_waits_for_bye.xml")]);

        Assert.Equal("completed, 200, callee, NORMAL_CLEARING", call.Ending);
        ladder.AssertMatches(call);
    }

    [PeerFact("sipp", "sip-tester")]
    public void A_busy_callee_makes_the_call_busy()
    {
        // The node's INVITE client transaction ACKs the 486 itself; the caller ACKs the relayed 486 to the node.
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 486 INVITE
            callee <- ACK
            caller <- 486 INVITE
            caller -> ACK
            """);

        var (call, _) = PlaceOneCall(5, ladder, ["-sf", Sipp.Scenario("uas_busy.xml")], ["-sf", Sipp.Scenario("uac_rejected.xml")]);

        Assert.Equal("busy, 486, callee, USER_BUSY", call.Ending);
        ladder.AssertMatches(call);
    }

    [PeerFact("sipp", "sip-tester")]
    public void The_caller_cancels_while_it_rings()
    {
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            caller -> CANCEL
            caller <- 200 CANCEL
            caller <- 487 INVITE
            callee <- CANCEL
            callee -> 200 CANCEL
            callee -> 487 INVITE
            callee <- ACK
            caller -> ACK
            """);

        var (call, _) = PlaceOneCall(6, ladder, ["-sf", Sipp.Scenario("uas_rings_until_cancelled.xml")], ["-sf", Sipp.Scenario("uac_cancels.xml")]);

        Assert.Equal("cancelled, 487, caller, ORIGINATOR_CANCEL", call.Ending);
        ladder.AssertMatches(call);
    }

    [PeerFact("sipp", "sip-tester")]
    public void The_route_ring_timeout_ends_an_unanswered_call()
    {
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            ~ the route's ring timeout (2 s)
            caller <- 480 INVITE
            callee <- CANCEL
            callee -> 200 CANCEL
            callee -> 487 INVITE
            callee <- ACK
            caller -> ACK
            """);

        var (call, _) = PlaceOneCall(
            7,
            ladder,
            ["-sf", Sipp.Scenario("uas_rings_until_cancelled.xml")],
            ["-sf", Sipp.Scenario("uac_rejected.xml")],
            routeRingTimeout: TimeSpan.FromSeconds(2));

        Assert.Equal("no-answer, 480, timeout, NO_ANSWER", call.Ending);
        ladder.AssertMatches(call);
        var ringing = call.Dialogue.First(m => m.Step == "caller <- 180 INVITE").Timestamp;
        var refused = call.Dialogue.First(m => m.Step == "caller <- 480 INVITE").Timestamp;
        Assert.InRange(refused - ringing, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(5));
    }

    [PeerFact("sipp", "sip-tester")]
    public void Hold_and_resume_re_INVITEs_reach_the_callee_with_their_direction()
    {
        var ladder = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            # hold
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            # resume
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            caller -> BYE
            caller <- 200 BYE
            callee <- BYE
            callee -> 200 BYE
            """);

        var (call, _) = PlaceOneCall(8, ladder, ["-sf", Sipp.Scenario("uas_answers_reinvites.xml")], ["-sf", Sipp.Scenario("uac_holds_and_resumes.xml")]);

        Assert.Equal("completed, 200, caller, NORMAL_CLEARING", call.Ending);
        ladder.AssertMatches(call);
        var offers = call.Dialogue.Where(m => m.Step == "callee <- INVITE").Select(Direction).ToList();
        var answers = call.Dialogue.Where(m => m.Step == "caller <- 200 INVITE").Select(Direction).ToList();
        Assert.Equal(["a=sendrecv", "a=sendonly", "a=sendrecv"], offers);
        Assert.Equal(["a=sendrecv", "a=recvonly", "a=sendrecv"], answers);
    }

    private static string Direction(DialogueMessage message) =>
        message.Body.SingleOrDefault(line => line is "a=sendrecv" or "a=sendonly" or "a=recvonly" or "a=inactive") ?? "(no direction)";

    /// <summary>
    /// Runs one call: the node on 127.0.X.1 routing every call to the UAS on 127.0.X.2:5070, the UAS (once it listens),
    /// then the UAC on 127.0.X.3:5060; both sipps must succeed. Once the node has recorded every message of the ladder
    /// (or 10 s passed), it is stopped and the call read back. (Stopping at once is NodeStopTests' subject.)
    /// </summary>
    private static (CallRecord Call, Loopback Net) PlaceOneCall(int subnet, Ladder ladder, string[] uas, string[] uac, TimeSpan? routeRingTimeout = null)
    {
        var net = Loopback.Claim(subnet);
        using var directory = new TempDirectory();
        var settings = new NodeSettings
        {
            Address = net.Node,
            Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070", routeRingTimeout)],
        };
        using var node = InteropNode.Start(directory.Path, settings);
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout, [.. uas, "-m", "1"]))
        {
            callee.WaitUntilListening();
            using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout, [node.SipAddress, .. uac, "-m", "1"]);
            caller.WaitForExit().AssertSucceeded();
            callee.WaitForExit().AssertSucceeded();
        }

        var callId = Assert.Single(node.WaitForRoutedCalls(1, TimeSpan.FromSeconds(5)));
        node.WaitForCall(callId, c => ladder.MissingFrom(c).Count == 0, TimeSpan.FromSeconds(10));
        node.Stop();
        Assert.Equal([callId], node.CallIds());
        var call = node.ReadCall(callId);
        AssertAddresses(call, net, node.SipAddress);
        return (call, net);
    }

    /// <summary>Every caller-leg message went between the UAC and the node, every callee-leg one between the node and
    /// the UAS.</summary>
    private static void AssertAddresses(CallRecord call, Loopback net, string node)
    {
        foreach (var message in call.Dialogue)
        {
            var peer = message.Leg == "caller" ? $"{net.Uac}:5060" : $"{net.Uas}:5070";
            var (from, to) = message.IsReceived ? (peer, node) : (node, peer);
            Assert.True(message.Src == from && message.Dst == to, $"{message}: expected {from} > {to}\n{call.DescribeDialogue()}");
        }
    }
}
