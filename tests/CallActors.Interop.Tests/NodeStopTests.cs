using System.Text.RegularExpressions;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;

namespace CallActors.Interop.Tests;

/// <summary>What the journal keeps of calls when the node stops: killed in the middle of calls, or stopped cleanly
/// right after one.</summary>
public sealed partial class NodeStopTests
{
    private static readonly TimeSpan SippTimeout = TimeSpan.FromSeconds(60);

    public NodeStopTests() => Peers.Require("sipp", "sip-tester");

    [PeerFact("sipp", "sip-tester")]
    public void Calls_up_when_the_node_is_killed_are_finalised_as_failed_when_it_restarts()
    {
        const int calls = 5;
        var upToTheAnswer = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 180 INVITE
            caller <- 180 INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            """);
        var net = Loopback.Claim(13);
        using var directory = new TempDirectory();
        var settings = new NodeSettings { Address = net.Node, Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")] };

        IReadOnlyList<string> callIds;
        using (var node = InteropNode.Start(directory.Path, settings))
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout, ["-sn", "uas", "-m", $"{calls}"]))
        {
            callee.WaitUntilListening();
            using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout, [node.SipAddress, "-sn", "uac", "-m", $"{calls}", "-r", "10", "-d", "30000"]);
            callIds = node.WaitForRoutedCalls(calls, TimeSpan.FromSeconds(15));
            foreach (var callId in callIds)
            {
                var call = node.WaitForCall(callId, c => upToTheAnswer.MissingFrom(c).Count == 0, TimeSpan.FromSeconds(10));
                Assert.True(call is not null && upToTheAnswer.MissingFrom(call).Count == 0, $"call {callId} never got up: {call?.Summary}\n{call?.DescribeDialogue()}");
            }

            node.Crash();
        }

        using (var node = InteropNode.Start(directory.Path, settings))
        {
            var finalised = node.WaitForLines(FinalisedLine(), calls, TimeSpan.FromSeconds(30));
            Assert.Equal(callIds.Order(), finalised.Select(m => m.Groups["id"].Value).Order());
            Assert.All(finalised, m => Assert.Equal("ongoing", m.Groups["status"].Value));
            node.Stop();

            foreach (var call in node.ReadCalls(callIds))
            {
                // The 200 was sent, so the final SIP code stays 200; nobody hung up.
                Assert.Equal("failed, 200, none, NODE_RESTARTED", call.Ending);
                Assert.NotNull(call.AnsweredAt);
                upToTheAnswer.AssertMatches(call);
            }
        }
    }

    [PeerFact("sipp", "sip-tester")]
    public void A_clean_stop_right_after_a_call_keeps_every_message_of_it()
    {
        var busy = Ladder.Parse("""
            caller -> INVITE
            caller <- 100 INVITE
            callee <- INVITE
            callee -> 486 INVITE
            callee <- ACK
            caller <- 486 INVITE
            caller -> ACK
            """);
        var net = Loopback.Claim(14);
        var settings = new NodeSettings { Address = net.Node, Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")] };

        // SIGTERM can come at any moment. Everything the node sent and received before it is part of the call and must
        // be in the journal; the last messages are the ones at risk, so stop as soon as both peers are done. The
        // window is a few milliseconds wide: try three times.
        for (var round = 1; round <= 3; round++)
        {
            using var directory = new TempDirectory();
            using var node = InteropNode.Start(directory.Path, settings);
            using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, SippTimeout, ["-sf", Sipp.Scenario("uas_busy.xml"), "-m", "1"]))
            {
                callee.WaitUntilListening();
                using var caller = Sipp.Start(directory.Path, "uac", net.Uac, 5060, SippTimeout, [node.SipAddress, "-sf", Sipp.Scenario("uac_rejected.xml"), "-m", "1"]);
                caller.WaitForExit().AssertSucceeded();
                callee.WaitForExit().AssertSucceeded();
            }

            node.Stop();
            var call = node.ReadCall(Assert.Single(node.CallIds()));
            Assert.Equal("busy, 486, callee, USER_BUSY", call.Ending);
            // Only what is missing counts here; the order of the messages is CallFlowTests' business.
            var missing = busy.MissingFrom(call);
            Assert.True(missing.Count == 0, $"round {round}: the journal lacks {string.Join(", ", missing)}\n{call.Summary}\n{call.DescribeDialogue()}\n--- node log:\n{node.LogTail(15)}");
        }
    }

    [GeneratedRegex(@"Call (?<id>\S+): was (?<status>\S+) when the node stopped; finalised as failed")]
    private static partial Regex FinalisedLine();
}
