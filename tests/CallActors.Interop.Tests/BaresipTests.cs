using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;

namespace CallActors.Interop.Tests;

/// <summary>A real softphone, baresip, calling through the node to a sipp callee.</summary>
public sealed class BaresipTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public BaresipTests()
    {
        Peers.Require("baresip", "baresip");
        Peers.Require("sipp", "sip-tester");
    }

    [PeerFact("baresip", "baresip", "sipp", "sip-tester")]
    public void Baresip_places_a_call_through_the_node_and_hangs_up()
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
        var net = Loopback.Claim(12);
        using var directory = new TempDirectory();
        var settings = new NodeSettings { Address = net.Node, Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070")] };
        using var node = InteropNode.Start(directory.Path, settings);

        string callId;
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, Timeout, ["-sn", "uas", "-m", "1"]))
        // baresip 1.0 binds its RTP sockets to 0.0.0.0 whatever the config says (src/stream.c); a port range of its
        // own keeps them from colliding with anything else.
        using (var phone = Baresip.Start(directory.Path, net.Phone, "41200-41299", Timeout))
        {
            callee.WaitUntilListening();
            phone.Command("dial", $"sip:bob@{node.SipAddress}");
            callId = phone.WaitForCallEvent("CALL_ESTABLISHED", TimeSpan.FromSeconds(10)).GetProperty("id").GetString()!;

            // While the call is up, the node has it answered.
            var up = node.WaitForCall(callId, c => c.Status == "ongoing", TimeSpan.FromSeconds(10));
            Assert.True(up?.Status == "ongoing", $"the node does not show the call answered: {up?.Summary}\n{phone.Transcript}");

            phone.Command("hangup");
            phone.WaitForCallEvent("CALL_CLOSED", TimeSpan.FromSeconds(10));
            callee.WaitForExit().AssertSucceeded();
        }

        node.WaitForCall(callId, c => ladder.MissingFrom(c).Count == 0, TimeSpan.FromSeconds(10));
        node.Stop();
        Assert.Equal([callId], node.CallIds());
        var call = node.ReadCall(callId);

        Assert.Equal("completed, 200, caller, NORMAL_CLEARING", call.Ending);
        Assert.StartsWith("baresip", call.CallerUserAgent, StringComparison.Ordinal);
        Assert.Contains($"sip:alice@{net.Phone}", call.From, StringComparison.Ordinal);
        Assert.Equal($"sip:bob@{net.Uas}:5070", call.Target);
        ladder.AssertMatches(call);
    }
}
