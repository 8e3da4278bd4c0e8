using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;
using static CallActors.Calls.Inspection.FailureLocations;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rule 1, call_failed: every way an unanswered call ends names its side, its cause and the message that
/// shows it; answered and running calls get none.</summary>
public sealed class CallFailedRuleTests
{
    private const string CalleeInvite = "INVITE sip:+4930123456@192.0.2.44:5080 SIP/2.0";

    private static readonly Dictionary<string, ExpectedFinding[]> Table = new()
    {
        ["busy"] = [new(Error, Termination, "callee", "the callee answered 486 Busy Here after 2.1 s",
            new("SIP/2.0 486 Busy Here", "callee", "received"))],
        ["callee 503"] = [new(Error, Termination, "callee", "the callee answered 503 Service Unavailable after 2.1 s",
            new("SIP/2.0 503 Service Unavailable", "callee", "received"))],
        ["callee 407 challenge"] = [new(Error, Termination, "callee", "the callee answered 407 Proxy Authentication Required after 2.1 s",
            new("SIP/2.0 407 Proxy Authentication Required", "callee", "received"))],
        ["ring timeout"] = [new(Error, Termination, "callee",
            "the callee did not answer within the ring timeout: 30.0 s after the INVITE, ringing for 29.2 s",
            new("CANCEL sip:+4930123456@192.0.2.44:5080 SIP/2.0", "callee", "sent"))],
        ["callee never responds"] = [new(Error, Termination, "callee",
            "no response from the callee to the INVITE; the call gave up after 32.0 s",
            new(CalleeInvite, "callee", "sent"))],
        ["refused 404 No Route"] = [new(Error, Origination, "caller",
            "the node refused the caller's INVITE with 404 No Route (UNALLOCATED_NUMBER); no callee leg was placed",
            new("SIP/2.0 404 No Route", "caller", "sent"))],
        ["refused 503 Media Unavailable"] = [new(Error, Origination, "caller",
            "the node refused the caller's INVITE with 503 Media Unavailable (NORMAL_TEMPORARY_FAILURE); no callee leg was placed",
            new("SIP/2.0 503 Media Unavailable", "caller", "sent"))],
        ["refused 482 Call-ID Already Used"] = [new(Error, Origination, "caller",
            "the node refused the caller's INVITE with 482 Call-ID Already Used (EXCHANGE_ROUTING_ERROR); no callee leg was placed",
            new("SIP/2.0 482 Call-ID Already Used", "caller", "sent"))],
        ["refused 483 Too Many Hops"] = [new(Error, Origination, "caller",
            "the node refused the caller's INVITE with 483 Too Many Hops (EXCHANGE_ROUTING_ERROR); no callee leg was placed",
            new("SIP/2.0 483 Too Many Hops", "caller", "sent"))],
        ["cancelled"] = [new(Info, Origination, "caller", "the caller cancelled after 5.0 s, while the callee was ringing",
            new("CANCEL sip:+4930123456@203.0.113.10:5060 SIP/2.0", "caller", "received"))],
        // Must not fire: answered (however it ended) or not ended.
        ["answered"] = [],
        ["answered, caller never ACKs"] = [],
        ["media timeout"] = [],
        ["ringing"] = [],
        ["answered, ACK in flight"] = [],
    };

    public static TheoryData<string> Rows => InspectionAssert.Rows(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void An_unanswered_call_is_explained_by_its_side_cause_and_message(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.CallFailed, Table[scenario]);

    [Fact]
    public void Without_a_callee_response_in_the_dialogue_the_status_code_still_names_the_cause()
    {
        // The dialogue was lost (say the journal kept only the start): the status alone tells the callee refused.
        var scenario = InspectionScenarios.Get("busy") with { Dialogue = [] };

        var finding = InspectionScenario.Single(scenario.Inspect(), CallFindingTypes.CallFailed);

        Assert.Equal("the callee refused the call with 486 Busy Here", finding.Reason);
        Assert.Equal(Termination, finding.FailureLocation);
        Assert.Null(finding.MessageIndex);
    }

    [Fact]
    public void Time_to_the_callee_refusal_is_counted_from_the_callee_INVITE_not_from_the_call_start()
    {
        // The node took 1 s to place the callee's INVITE; the callee refused 0.5 s after it.
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(1).NodeSendsCallee("INVITE")
            .At(1.5).CalleeAnswers(603, "Decline").At(1.5001).NodeSendsCallee("ACK")
            .At(1.501).NodeAnswersCaller(603, "Decline").At(1.55).CallerSends("ACK");
        var scenario = InspectionScenarios.Get("busy") with { Dialogue = dialogue.Chunks };

        var finding = InspectionScenario.Single(scenario.Inspect(), CallFindingTypes.CallFailed);

        Assert.Equal("the callee answered 603 Decline after 0.5 s", finding.Reason);
    }
}
