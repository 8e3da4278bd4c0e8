using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;
using static CallActors.Calls.Inspection.FailureLocations;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rule 5, long_pdd: a post-dial delay above the threshold (5 s by default), strictly.</summary>
public sealed class LongPddRuleTests
{
    private static readonly Dictionary<string, ExpectedFinding[]> Table = new()
    {
        ["answered, long PDD"] =
        [
            new(Warning, Termination, "callee",
                "post-dial delay of 7.2 s (above 5.0 s): the callee's first response (180 Ringing) came 7.2 s after the INVITE",
                new("SIP/2.0 180 Ringing", "callee", "received")),
        ],
        // Must not fire: a short PDD, a PDD equal to the threshold, and a call that never rang.
        ["answered"] = [],
        ["answered, PDD at the threshold"] = [],
        ["callee never responds"] = [],
    };

    public static TheoryData<string> Rows => InspectionAssert.Rows(Table.Keys);

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_post_dial_delay_above_the_threshold_is_reported(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.LongPdd, Table[scenario]);

    [Fact]
    public void The_threshold_comes_from_the_options()
    {
        var inspection = InspectionScenarios.Get("answered").Inspect(new CallInspectionOptions(TimeSpan.FromMilliseconds(500)));

        var finding = InspectionScenario.Single(inspection, CallFindingTypes.LongPdd);
        Assert.StartsWith("post-dial delay of 0.8 s (above 0.5 s)", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_threshold_is_five_seconds_and_a_threshold_must_be_positive()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), CallInspectionOptions.Default.LongPdd);
        var scenario = InspectionScenarios.Get("answered");
        Assert.Throws<ArgumentException>(() => scenario.Inspect(new CallInspectionOptions(TimeSpan.Zero)));
    }
}
