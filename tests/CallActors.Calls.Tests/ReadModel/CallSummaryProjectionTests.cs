using CallActors.Calls.Media;
using CallActors.Calls.ReadModel;
using CallActors.Calls.Status;
using CallActors.Media.Monitoring;
using static CallActors.Calls.Tests.ReadModel.SampleCalls;

namespace CallActors.Calls.Tests.ReadModel;

/// <summary>The summary a call's events fold into, event by event, and the header parsing behind its user and realm
/// columns.</summary>
public sealed class CallSummaryProjectionTests
{
    [Fact]
    public void A_call_that_rings_is_answered_sampled_and_hung_up_reads_right_after_every_event()
    {
        var started = Apply(null, Started("a@test"), At(0.001));
        Assert.Equal("a@test", started.CallId);
        Assert.Equal("a@test-b", started.CalleeCallId);
        Assert.Equal("acct-1", started.AccountId);
        Assert.Equal("example.com", started.Realm);
        Assert.Equal("node-1", started.Node);
        Assert.Equal("trunk-1", started.Route);
        Assert.Equal("\"Alice\" <sip:1001@example.com>;tag=a1", started.From);
        Assert.Equal("<sip:1002@example.com>", started.To);
        Assert.Equal("1001", started.FromUser);
        Assert.Equal("1002", started.ToUser);
        Assert.Equal("incoming", started.Direction);
        Assert.Equal("starting", started.Status);
        Assert.Equal(T0, started.CreatedAt);
        Assert.Equal(At(0.001), started.UpdatedAt);
        Assert.Null(started.RingingAt);
        Assert.Null(started.PddMs);
        Assert.Null(started.SipCode);
        Assert.Null(started.HangupSource);
        Assert.Equal(0, started.DialogueMessages);
        Assert.Null(started.CallerMos);

        var traced = Apply(started, Messages("a@test", 3), At(0.05));
        Assert.Equal(3, traced.DialogueMessages);

        var ringing = Apply(traced, Ringing(at: 1.5), At(1.5));
        Assert.Equal("ringing", ringing.Status);
        Assert.Equal(At(1.5), ringing.RingingAt);
        Assert.Equal(1500, ringing.PddMs);
        Assert.Equal(At(1.5), ringing.UpdatedAt);

        var answered = Apply(Apply(ringing, Messages("a@test", 2), At(1.6)), Answered(ringing: 1.5, answered: 9), At(9));
        Assert.Equal("ongoing", answered.Status);
        Assert.Equal(At(9), answered.AnsweredAt);
        Assert.Equal(200, answered.SipCode);
        Assert.Equal(5, answered.DialogueMessages);

        var sampled = Apply(answered, MediaSample(at: 14, callerMos: 4.41, calleeMos: 3.62), At(14));
        Assert.Equal(4.41, sampled.CallerMos);
        Assert.Equal(3.62, sampled.CalleeMos);
        Assert.Equal(At(14), sampled.UpdatedAt);
        Assert.Equal("ongoing", sampled.Status);

        // The final sample (written before CallEnded) replaces the figures: the summary shows the latest.
        var final = Apply(sampled, MediaSample(at: 60, callerMos: 4.1, calleeMos: 2.95, final: true), At(60));
        var ended = Apply(final, Completed(ringing: 1.5, answered: 9, ended: 60, source: HangupSource.Callee), At(60.002));
        Assert.Equal("completed", ended.Status);
        Assert.Equal(At(60), ended.EndedAt);
        Assert.Equal(At(60.002), ended.UpdatedAt);
        Assert.Equal(200, ended.SipCode);
        Assert.Equal("NORMAL_CLEARING", ended.HangupCause);
        Assert.Equal("callee", ended.HangupSource);
        Assert.Equal(4.1, ended.CallerMos);
        Assert.Equal(2.95, ended.CalleeMos);
        // What did not change is carried over.
        Assert.Equal(At(1.5), ended.RingingAt);
        Assert.Equal(At(9), ended.AnsweredAt);
        Assert.Equal(1500, ended.PddMs);
        Assert.Equal(5, ended.DialogueMessages);
        Assert.Equal(T0, ended.CreatedAt);
    }

    [Theory]
    [InlineData(CallStatus.NoAnswer, 480, SipHangupCauses.NoAnswer, HangupSource.Timeout, "no-answer", "timeout")]
    [InlineData(CallStatus.Busy, 486, SipHangupCauses.UserBusy, HangupSource.Callee, "busy", "callee")]
    [InlineData(CallStatus.Failed, 404, SipHangupCauses.NoRouteDestination, HangupSource.None, "failed", "none")]
    [InlineData(CallStatus.Cancelled, 487, SipHangupCauses.OriginatorCancel, HangupSource.Api, "cancelled", "api")]
    [InlineData(CallStatus.Completed, 200, SipHangupCauses.MediaTimeout, HangupSource.MediaTimeout, "completed", "media-timeout")]
    public void Endings_show_the_wire_names_of_status_and_hangup_source(
        CallStatus status, int sipCode, string cause, HangupSource source, string statusName, string sourceName)
    {
        var ended = Apply(Apply(null, Started("e@test"), T0), Ended(status, sipCode, cause, source, ended: 5), At(5));

        Assert.Equal(statusName, ended.Status);
        Assert.Equal(sourceName, ended.HangupSource);
        Assert.Equal(sipCode, ended.SipCode);
        Assert.Equal(cause, ended.HangupCause);
        Assert.Equal(At(5), ended.EndedAt);
        Assert.Null(ended.AnsweredAt);
    }

    [Theory]
    [InlineData("\"Alice\" <sip:1001@example.com>;tag=x", "1001")]
    [InlineData("<sip:+1555@[::1]>", "+1555")]
    [InlineData("<sip:+1555@[::1]:5070;user=phone>;tag=9", "+1555")]
    [InlineData("sip:bob@biloxi.example.com;tag=1928301774", "bob")]
    [InlineData("Bob <sips:bob@192.0.2.4:5061>", "bob")]
    [InlineData("<sip:%2B4420@example.com>", "+4420")]
    [InlineData("<tel:+15551234567;phone-context=example.com>", "+15551234567")]
    [InlineData("\"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1", "anonymous")]
    [InlineData("Alice & Bob (front desk) <sip:200@example.com>", "200")]
    [InlineData("<sip:example.com>", null)]
    [InlineData("not a header at all", null)]
    [InlineData("", null)]
    public void The_user_part_of_a_From_or_To_header(string header, string? user) =>
        Assert.Equal(user, CallSummaryProjection.UserOf(header));

    [Theory]
    [InlineData("sip:1002@Example.COM;transport=tcp", "example.com")]
    [InlineData("sip:1002@[2001:DB8::1]:5070", "[2001:db8::1]")]
    [InlineData("sips:alice@10.0.0.1:5061", "10.0.0.1")]
    [InlineData("sip:pbx.example.org", "pbx.example.org")]
    [InlineData("tel:+15551234567", null)]
    [InlineData("nonsense", null)]
    public void The_realm_is_the_lower_case_host_of_the_request_uri(string requestUri, string? realm)
    {
        Assert.Equal(realm, CallSummaryProjection.RealmOf(requestUri));
        Assert.Equal(realm, Apply(null, Started("r@test", requestUri: requestUri), T0).Realm);
    }

    [Fact]
    public void An_empty_account_id_means_no_account()
    {
        Assert.Null(Apply(null, Started("n@test", accountId: ""), T0).AccountId);
        Assert.Null(Apply(null, Started("n@test", accountId: null), T0).AccountId);
    }

    [Fact]
    public void Events_of_a_call_that_never_started_yield_nothing_and_other_events_change_nothing()
    {
        Assert.Null(CallSummaryProjection.Apply(null, Ringing(), T0));
        Assert.Null(CallSummaryProjection.Apply(null, Messages("x", 2), T0));
        Assert.Null(CallSummaryProjection.Apply(null, MediaSample(3, 4.4, 4.4), T0));

        var summary = Apply(null, Started("s@test"), T0);
        Assert.Same(summary, CallSummaryProjection.Apply(summary, "not an event", At(9)));
        Assert.Same(summary, CallSummaryProjection.Apply(summary, new GetCall("s@test"), At(9)));
        // A call starts once: a second start (a replayed or reused id) leaves the summary alone.
        Assert.Same(summary, CallSummaryProjection.Apply(summary, Started("s@test", accountId: "other", createdAt: At(9)), At(9)));
    }

    [Fact]
    public void Just_after_an_SSRC_change_the_MOS_is_the_earlier_sources_until_the_new_one_is_rated()
    {
        var earlier = new[] { new InboundSourceSnapshot(1, Rfc3550(), G107(4.2)), new InboundSourceSnapshot(2, Rfc3550(), G107(3.9)) };
        var sample = new MediaStatsSampled(At(20), false, new CallMediaSample(Leg(null, earlier), Leg(null)));

        var summary = Apply(Apply(null, Started("ssrc@test"), T0), sample, At(20));

        Assert.Equal(3.9, summary.CallerMos);
        Assert.Null(summary.CalleeMos);
    }

    [Fact]
    public void An_event_time_earlier_than_the_last_update_does_not_move_updated_at_back()
    {
        var summary = Apply(Apply(null, Started("t@test"), At(5)), Messages("t@test", 1), At(4));

        Assert.Equal(At(5), summary.UpdatedAt);
        Assert.Equal(1, summary.DialogueMessages);
    }

    private static CallSummary Apply(CallSummary? current, object @event, DateTimeOffset at) =>
        CallSummaryProjection.Apply(current, @event, at) ?? throw new Xunit.Sdk.XunitException($"{@event.GetType().Name} gave no summary");
}
