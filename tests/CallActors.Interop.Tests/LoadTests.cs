using CallActors.Interop.Tests.Infrastructure;
using CallActors.Node.Tests;

namespace CallActors.Interop.Tests;

/// <summary>
/// sipp's built-in uac and uas (INVITE, 180, 200, ACK, one second of call, BYE) at 50 calls per second through one
/// node: every call must succeed on both sides and leave a complete ladder on both legs.
/// </summary>
public sealed class LoadTests
{
    private const int Calls = 100;
    private const int CallsPerSecond = 50;

    private static readonly Ladder BasicCall = Ladder.Parse("""
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

    public LoadTests() => Peers.Require("sipp", "sip-tester");

    [PeerFact("sipp", "sip-tester")]
    public void A_hundred_calls_at_50_per_second_over_UDP() => RunLoad(10, tcp: false);

    [PeerFact("sipp", "sip-tester")]
    public void A_hundred_calls_at_50_per_second_over_TCP() => RunLoad(11, tcp: true);

    private static void RunLoad(int subnet, bool tcp)
    {
        var net = Loopback.Claim(subnet);
        using var directory = new TempDirectory();
        var timeout = TimeSpan.FromSeconds(40);
        var settings = new NodeSettings
        {
            Address = net.Node,
            Routes = [new NodeRoute("uas", $"sip:${{user}}@{net.Uas}:5070{(tcp ? ";transport=tcp" : "")}")],
        };
        string[] transport = tcp ? ["-t", "t1"] : [];
        using var node = InteropNode.Start(directory.Path, settings);
        using (var callee = Sipp.Start(directory.Path, "uas", net.Uas, 5070, timeout, ["-sn", "uas", .. transport, "-m", $"{Calls}"]))
        {
            callee.WaitUntilListening(tcp);
            using var caller = Sipp.Start(
                directory.Path,
                "uac",
                net.Uac,
                5060,
                timeout,
                [node.SipAddress, "-sn", "uac", .. transport, "-r", $"{CallsPerSecond}", "-m", $"{Calls}", "-l", "200", "-d", "1000"]);
            caller.WaitForExit().AssertSucceeded();
            callee.WaitForExit().AssertSucceeded();
        }

        // The built-in uas lingers 4 s after its last call (timewait), so by now the node has recorded everything.
        node.Stop();
        var calls = node.ReadCalls(node.CallIds());

        Assert.Equal(Calls, calls.Count);
        var badEndings = calls.Where(c => c.Ending != "completed, 200, caller, NORMAL_CLEARING").Select(c => c.Summary).ToList();
        Assert.True(badEndings.Count == 0, $"{badEndings.Count} of {Calls} calls ended otherwise:\n{string.Join('\n', badEndings.Take(5))}");
        var badLadders = calls.Select(c => BasicCall.Mismatch(c)).OfType<string>().ToList();
        Assert.True(badLadders.Count == 0, $"{badLadders.Count} of {Calls} calls have a wrong ladder; the first:\n{badLadders.FirstOrDefault()}");
        var spread = calls.Max(c => c.Dialogue[0].Timestamp) - calls.Min(c => c.Dialogue[0].Timestamp);
        Assert.True(spread < TimeSpan.FromSeconds(4), $"the {Calls} INVITEs arrived over {spread.TotalSeconds:0.0} s, not at {CallsPerSecond} per second");
    }
}
