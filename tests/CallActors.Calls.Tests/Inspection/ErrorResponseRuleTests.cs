using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;
using static CallActors.Calls.Inspection.FailureLocations;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rule 4, error_response: each 4xx–6xx once, a cancel's 487 never, authentication challenges as info.</summary>
public sealed class ErrorResponseRuleTests
{
    private static readonly Dictionary<string, ExpectedFinding[]> Table = new()
    {
        ["busy"] =
        [
            new(Warning, Termination, "callee", "the callee answered the node's INVITE with 486 Busy Here",
                new("SIP/2.0 486 Busy Here", "callee", "received")),
            new(Warning, null, "caller", "the node answered the caller's INVITE with 486 Busy Here",
                new("SIP/2.0 486 Busy Here", "caller", "sent")),
        ],
        ["callee 407 challenge"] =
        [
            new(Info, Termination, "callee", "the callee answered the node's INVITE with 407 Proxy Authentication Required",
                new("SIP/2.0 407 Proxy Authentication Required", "callee", "received")),
            new(Info, null, "caller", "the node answered the caller's INVITE with 407 Proxy Authentication Required",
                new("SIP/2.0 407 Proxy Authentication Required", "caller", "sent")),
        ],
        ["callee 401 challenge"] =
        [
            new(Info, Termination, "callee", "the callee answered the node's INVITE with 401 Unauthorized",
                new("SIP/2.0 401 Unauthorized", "callee", "received")),
            new(Info, null, "caller", "the node answered the caller's INVITE with 401 Unauthorized",
                new("SIP/2.0 401 Unauthorized", "caller", "sent")),
        ],
        // A 487 nobody cancelled is an error like any other.
        ["callee 487 nobody asked for"] =
        [
            new(Warning, Termination, "callee", "the callee answered the node's INVITE with 487 Request Terminated",
                new("SIP/2.0 487 Request Terminated", "callee", "received")),
            new(Warning, null, "caller", "the node answered the caller's INVITE with 487 Request Terminated",
                new("SIP/2.0 487 Request Terminated", "caller", "sent")),
        ],
        ["ring timeout"] =
        [
            new(Warning, null, "caller", "the node answered the caller's INVITE with 480 Temporarily Unavailable",
                new("SIP/2.0 480 Temporarily Unavailable", "caller", "sent")),
        ],
        ["refused 404 No Route"] =
        [
            new(Warning, null, "caller", "the node answered the caller's INVITE with 404 No Route", new("SIP/2.0 404 No Route", "caller", "sent")),
        ],
        // Must not fire: only 1xx/2xx, and the 487s that follow a CANCEL on both legs.
        ["answered"] = [],
        ["cancelled"] = [],
        ["answered, retransmissions"] = [],
    };

    public static TheoryData<string> Rows => InspectionAssert.Rows(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_error_response_is_reported_once_with_its_leg_and_code(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.ErrorResponse, Table[scenario]);

    [Fact]
    public void A_retransmitted_error_response_is_reported_once()
    {
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(404, "No Route").At(0.501).Again().At(1.501).Again()
            .At(1.6).CallerSends("ACK");
        var scenario = InspectionScenarios.Get("refused 404 No Route") with { Dialogue = dialogue.Chunks };

        var finding = InspectionScenario.Single(scenario.Inspect(), CallFindingTypes.ErrorResponse);

        Assert.Equal(1, finding.MessageIndex);
    }

    [Fact]
    public void A_487_after_the_caller_BYE_on_an_early_dialog_is_the_expected_end_of_a_cancel()
    {
        var dialogue = new SipDialogueBuilder()
            .At(0).CallerSends("INVITE").At(0.001).NodeAnswersCaller(180, "Ringing")
            .At(5).CallerSends("BYE", 2).At(5.001).NodeAnswersCaller(200, "OK", "BYE", 2)
            .At(5.002).NodeAnswersCaller(487, "Request Terminated").At(5.05).CallerSends("ACK");
        var scenario = InspectionScenarios.Get("cancelled") with { Dialogue = dialogue.Chunks };

        var inspection = scenario.Inspect();

        Assert.Empty(InspectionAssert.OfType(inspection, CallFindingTypes.ErrorResponse));
        var cancelled = InspectionScenario.Single(inspection, CallFindingTypes.CallFailed);
        Assert.Equal("the caller hung up (BYE on the early dialog) after 5.0 s, while the callee was ringing", cancelled.Reason);
        Assert.Equal(2, cancelled.MessageIndex);
    }
}
