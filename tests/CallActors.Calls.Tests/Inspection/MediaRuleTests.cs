using CallActors.Calls.Inspection;
using static CallActors.Calls.Inspection.CallFindingSeverities;
using static CallActors.Calls.Inspection.FailureLocations;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>Rules 6 and 7: no_audio and one_way_audio from the latest media sample of an answered call, and
/// media_timeout with the leg that went silent.</summary>
public sealed class MediaRuleTests
{
    private static readonly Dictionary<string, ExpectedFinding[]> Silence = new()
    {
        ["answered, no audio"] = [new(Error, null, null, "neither the caller nor the callee sent a media packet after the answer", null)],
        // Must not fire: both legs sent media, the media was not anchored (no sample), or the call was never answered.
        ["answered"] = [],
        ["answered, media not anchored"] = [],
        ["busy, with a media sample"] = [],
    };

    private static readonly Dictionary<string, ExpectedFinding[]> OneWay = new()
    {
        ["answered, caller silent"] = [new(Error, Origination, "caller", "the caller sent no media packets while the callee sent 1490", null)],
        ["answered, callee silent"] = [new(Error, Termination, "callee", "the callee sent no media packets while the caller sent 1500", null)],
        // Must not fire: both legs sent media, neither did (that is no_audio), no sample, not answered.
        ["answered"] = [],
        ["answered, no audio"] = [],
        ["answered, media not anchored"] = [],
        ["busy, with a media sample"] = [],
    };

    private static readonly Dictionary<string, ExpectedFinding[]> Timeout = new()
    {
        ["media timeout"] =
        [
            new(Error, Termination, "callee",
                "the node hung up after no RTP from the callee for the media timeout, its last packet 60.0 s before the hangup",
                new("BYE sip:alice@198.51.100.7:5060 SIP/2.0", "caller", "sent")),
        ],
        ["media timeout, media not sampled"] =
        [
            new(Error, null, null, "the node hung up after the RTP stopped for the media timeout",
                new("BYE sip:alice@198.51.100.7:5060 SIP/2.0", "caller", "sent")),
        ],
        // Must not fire: a BYE from a party, or a teardown for a missing ACK (source timeout).
        ["answered"] = [],
        ["answered, caller never ACKs"] = [],
    };

    public static TheoryData<string> SilenceRows => InspectionAssert.Rows(Silence.Keys);

    public static TheoryData<string> OneWayRows => InspectionAssert.Rows(OneWay.Keys);

    public static TheoryData<string> TimeoutRows => InspectionAssert.Rows(Timeout.Keys);

    [Theory]
    [MemberData(nameof(SilenceRows))]
    public void An_answered_call_where_nobody_sent_media_has_no_audio(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.NoAudio, Silence[scenario]);

    [Theory]
    [MemberData(nameof(OneWayRows))]
    public void An_answered_call_where_one_leg_sent_no_media_has_one_way_audio_naming_it(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.OneWayAudio, OneWay[scenario]);

    [Theory]
    [MemberData(nameof(TimeoutRows))]
    public void A_media_timeout_names_the_leg_that_went_silent_when_the_sample_tells(string scenario) =>
        InspectionAssert.Findings(InspectionScenarios.Get(scenario).Inspect(), CallFindingTypes.MediaTimeout, Timeout[scenario]);

    [Fact]
    public void A_leg_that_never_sent_RTP_is_the_silent_one_at_a_media_timeout()
    {
        var scenario = InspectionScenarios.Get("media timeout") with
        {
            Media = MediaSamples.Sample(InspectionScenarios.At(64.9), 0, 3000, calleeLast: InspectionScenarios.At(64.88)),
        };

        var inspection = scenario.Inspect();

        var timeout = InspectionScenario.Single(inspection, CallFindingTypes.MediaTimeout);
        Assert.Equal("caller", timeout.Leg);
        Assert.Equal("the node hung up after no RTP from the caller for the media timeout, which never sent a packet", timeout.Reason);
        Assert.Equal("caller", InspectionScenario.Single(inspection, CallFindingTypes.OneWayAudio).Leg);
    }
}
