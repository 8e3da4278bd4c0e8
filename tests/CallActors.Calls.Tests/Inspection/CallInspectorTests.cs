using System.Globalization;
using CallActors.Calls.Inspection;
using static CallActors.Calls.Tests.Inspection.SipDialogueBuilder;

namespace CallActors.Calls.Tests.Inspection;

/// <summary>The inspection's Kazoo chunk form: every message of both legs in recorded order, Gregorian timestamps,
/// the ladder's endpoints, and an analysis that only points at messages that exist.</summary>
public sealed class CallInspectorTests
{
    private const long GregorianSecondsAtUnixEpoch = 62_167_219_200;

    [Fact]
    public void Every_message_of_both_legs_is_kept_in_recorded_order_in_Kazoo_chunk_form()
    {
        var scenario = InspectionScenarios.Get("answered");

        var inspection = scenario.Inspect();

        Assert.Equal(CallerCallId, inspection.CallId);
        Assert.Equal(scenario.Dialogue.Select(c => c.Label), inspection.Messages.Select(m => m.Label));
        var invite = inspection.Messages[0];
        Assert.Equal("INVITE sip:+4930123456@203.0.113.10:5060 SIP/2.0", invite.Label);
        Assert.Equal((CallerAddress, NodeAddress), (invite.Src, invite.Dst));
        Assert.Equal(("caller", "received", "node-1/a-leg", "1 INVITE", CallerCallId), (invite.Leg, invite.Direction, invite.Parser, invite.CSeq, invite.SipCallId));
        Assert.Same(scenario.Dialogue[0].Raw, invite.Raw);
        var calleeInvite = inspection.Messages[2];
        Assert.Equal((NodeAddress, CalleeAddress), (calleeInvite.Src, calleeInvite.Dst));
        Assert.Equal(("callee", "sent", "node-1/b-leg", CalleeCallId), (calleeInvite.Leg, calleeInvite.Direction, calleeInvite.Parser, calleeInvite.SipCallId));
    }

    [Fact]
    public void Messages_keep_the_recorded_order_even_when_a_clock_says_otherwise()
    {
        var dialogue = new SipDialogueBuilder().At(5).CallerSends("INVITE").At(1).NodeAnswersCaller(100, "Trying");
        var scenario = InspectionScenarios.Get("ringing") with { Dialogue = dialogue.Chunks };

        var inspection = scenario.Inspect();

        Assert.Equal(new[] { "INVITE sip:+4930123456@203.0.113.10:5060 SIP/2.0", "SIP/2.0 100 Trying" }, inspection.Messages.Select(m => m.Label));
    }

    [Fact]
    public void Dialog_entities_are_the_distinct_endpoints_in_first_seen_order_source_before_destination()
    {
        Assert.Equal(new[] { CallerAddress, NodeAddress, CalleeAddress }, InspectionScenarios.Get("answered").Inspect().DialogEntities);
        Assert.Equal(new[] { CallerAddress, NodeAddress }, InspectionScenarios.Get("refused 404 No Route").Inspect().DialogEntities);

        // A ladder that starts with the node's own request puts the node first.
        var dialogue = new SipDialogueBuilder().NodeSendsCallee("INVITE").CalleeAnswers(100, "Trying").CallerSends("INVITE");
        var scenario = InspectionScenarios.Get("ringing") with { Dialogue = dialogue.Chunks };
        Assert.Equal(new[] { NodeAddress, CalleeAddress, CallerAddress }, scenario.Inspect().DialogEntities);
    }

    [Fact]
    public void The_Unix_epoch_is_62167219200_Gregorian_seconds()
    {
        Assert.Equal(62167219200d, CallInspector.ToGregorianSeconds(DateTimeOffset.UnixEpoch));
        Assert.Equal("62167219200.000000", CallInspector.ToGregorianString(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Timestamps_are_Gregorian_seconds_with_the_fraction_and_the_reference_keeps_microseconds()
    {
        var at = T0.AddTicks(1_234_567);
        var dialogue = new SipDialogueBuilder().At(0.1234567).CallerSends("INVITE");
        var scenario = InspectionScenarios.Get("ringing") with { Dialogue = dialogue.Chunks };

        var message = Assert.Single(scenario.Inspect().Messages);

        var whole = at.ToUnixTimeSeconds() + GregorianSecondsAtUnixEpoch;
        Assert.Equal(whole + 0.1234567, message.Timestamp, 0.00002);
        Assert.Equal(whole.ToString(CultureInfo.InvariantCulture) + ".123456", message.RefTimestamp);
    }

    [Theory]
    [MemberData(nameof(InspectionScenarios.Names), MemberType = typeof(InspectionScenarios))]
    public void Findings_point_only_at_messages_that_exist_and_use_the_documented_words(string name)
    {
        var inspection = InspectionScenarios.Get(name).Inspect();

        string[] types =
        [
            CallFindingTypes.CallFailed, CallFindingTypes.MissingAck, CallFindingTypes.Retransmissions, CallFindingTypes.ErrorResponse,
            CallFindingTypes.LongPdd, CallFindingTypes.NoAudio, CallFindingTypes.OneWayAudio, CallFindingTypes.MediaTimeout,
        ];
        foreach (var finding in inspection.Analysis)
        {
            Assert.Contains(finding.Type, types);
            Assert.Contains(finding.Severity, (string[])["error", "warning", "info"]);
            Assert.Contains(finding.FailureLocation, (string?[])["origination", "termination", null]);
            Assert.Contains(finding.Leg, (string?[])["caller", "callee", null]);
            Assert.False(string.IsNullOrWhiteSpace(finding.Reason));
            if (finding.MessageIndex is { } index)
            {
                Assert.InRange(index, 0, inspection.Messages.Count - 1);
            }
        }
    }

    [Fact]
    public void A_clean_answered_call_has_nothing_to_report()
    {
        Assert.Empty(InspectionScenarios.Get("answered").Inspect().Analysis);
    }
}
