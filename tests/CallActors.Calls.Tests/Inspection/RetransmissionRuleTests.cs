using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rule 3, retransmissions: copies of a message on the same leg and direction, one warning per leg, pointing
/// at the first copy.</summary>
public sealed class RetransmissionRuleTests
{
    private const string CalleeInvite = "INVITE sip:+4930123456@192.0.2.44:5080 SIP/2.0";

    private static readonly Dictionary<string, ExpectedFinding[]> Table = new()
    {
        ["answered, retransmissions"] =
        [
            new(Warning, null, "caller", "2 retransmissions on the caller leg: INVITE received ×1, 100 Trying to INVITE sent ×1",
                new("INVITE sip:+4930123456@203.0.113.10:5060 SIP/2.0", "caller", "received", Occurrence: 2)),
            new(Warning, null, "callee", "3 retransmissions on the callee leg: INVITE sent ×1, 200 OK to INVITE received ×1, ACK sent ×1",
                new(CalleeInvite, "callee", "sent", Occurrence: 2)),
        ],
        ["callee never responds"] =
        [
            new(Warning, null, "callee", "6 retransmissions on the callee leg: INVITE sent ×6", new(CalleeInvite, "callee", "sent", Occurrence: 2)),
        ],
        ["answered, caller never ACKs"] =
        [
            new(Warning, null, "caller", "6 retransmissions on the caller leg: 200 OK to INVITE sent ×6",
                new("SIP/2.0 200 OK", "caller", "sent", "1 INVITE", Occurrence: 2)),
        ],
        // Must not fire: the same status line and CSeq both ways on a leg (the re-INVITE's 200 and the INVITE's 200), a
        // CANCEL sharing its INVITE's branch, and 200s to different requests.
        ["answered"] = [],
        ["answered, re-INVITE never ACKed by the node"] = [],
        ["cancelled"] = [],
        ["busy"] = [],
    };

    public static TheoryData<string> Rows => InspectionAssert.Rows(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Copies_of_a_message_are_summarised_per_leg(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.Retransmissions, Table[scenario]);

    [Fact]
    public void Two_INVITEs_with_different_branches_are_two_requests_not_a_retransmission()
    {
        // A new transaction reuses the start line and CSeq but not the branch (a broken client, or a fresh attempt).
        var dialogue = new SipDialogueBuilder().At(0).CallerSends("INVITE").Chunks.ToList();
        var copy = dialogue[0];
        var raw = copy.Raw.Select(line => line.Replace("z9hG4bK-c1-invite-1", "z9hG4bK-c1-invite-1b", StringComparison.Ordinal)).ToArray();
        dialogue.Add(copy with { Raw = raw, Timestamp = copy.Timestamp.AddSeconds(1) });
        var scenario = InspectionScenarios.Get("ringing") with { Dialogue = dialogue };

        Assert.Empty(InspectionAssert.OfType(scenario.Inspect(), CallFindingTypes.Retransmissions));
    }

    [Fact]
    public void Two_200s_with_different_To_tags_are_two_forks_not_a_retransmission()
    {
        var dialogue = new SipDialogueBuilder().At(0).NodeSendsCallee("INVITE").At(1).CalleeAnswers(200, "OK").Chunks.ToList();
        var answer = dialogue[1];
        var raw = answer.Raw.Select(line => line.StartsWith("To:", StringComparison.Ordinal) ? line.Replace("314159", "271828", StringComparison.Ordinal) : line).ToArray();
        dialogue.Add(answer with { Raw = raw, Timestamp = answer.Timestamp.AddSeconds(0.1) });
        var scenario = InspectionScenarios.Get("ringing") with { Dialogue = dialogue };

        Assert.Empty(InspectionAssert.OfType(scenario.Inspect(), CallFindingTypes.Retransmissions));
    }
}
