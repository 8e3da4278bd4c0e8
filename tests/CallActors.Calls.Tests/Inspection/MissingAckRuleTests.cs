using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;
using static CallActors.Calls.Inspection.FailureLocations;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rule 2, missing_ack: a final response to an INVITE (initial or re-INVITE, 2xx or not) with no ACK of the
/// same CSeq number going the other way on that leg.</summary>
public sealed class MissingAckRuleTests
{
    private static readonly Dictionary<string, ExpectedFinding[]> Table = new()
    {
        ["answered, caller never ACKs"] =
        [
            new(Error, Origination, "callee",
                "the node never sent the ACK for the callee's 200 OK (INVITE, CSeq 1); the node forwards the caller's ACK, which never came",
                new("SIP/2.0 200 OK", "callee", "received", "1 INVITE")),
            new(Error, Origination, "caller", "the caller never sent the ACK for the node's 200 OK (INVITE, CSeq 1)",
                new("SIP/2.0 200 OK", "caller", "sent", "1 INVITE")),
        ],
        ["answered, re-INVITE never ACKed by the node"] =
        [
            new(Error, null, "caller", "the node never sent the ACK for the caller's 200 OK (INVITE, CSeq 1)",
                new("SIP/2.0 200 OK", "caller", "received", "1 INVITE")),
        ],
        ["refused 404, caller never ACKs"] =
        [
            new(Error, Origination, "caller", "the caller never sent the ACK for the node's 404 No Route (INVITE, CSeq 1)",
                new("SIP/2.0 404 No Route", "caller", "sent")),
        ],
        // Must not fire: every final response acknowledged (2xx end to end, non-2xx hop by hop, 487 after CANCEL), a
        // retransmitted 2xx acknowledged twice, and an ACK still on its way.
        ["answered"] = [],
        ["busy"] = [],
        ["cancelled"] = [],
        ["ring timeout"] = [],
        ["refused 404 No Route"] = [],
        ["callee never responds"] = [],
        ["answered, retransmissions"] = [],
        ["answered, ACK in flight"] = [],
    };

    public static TheoryData<string> Rows => InspectionAssert.Rows(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_final_response_to_an_INVITE_without_its_ACK_is_reported_once(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.MissingAck, Table[scenario]);

    [Fact]
    public void An_ACK_with_another_CSeq_number_does_not_acknowledge_the_INVITE()
    {
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(404, "No Route").At(0.03).CallerSends("ACK", 2);
        var scenario = InspectionScenarios.Get("refused 404 No Route") with { Dialogue = dialogue.Chunks };

        var finding = InspectionScenario.Single(scenario.Inspect(), CallFindingTypes.MissingAck);

        Assert.Equal(1, finding.MessageIndex);
    }
}
