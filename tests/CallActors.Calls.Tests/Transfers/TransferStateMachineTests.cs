using CallActors.Calls.Transfers;
using static CallActors.Calls.Tests.Transfers.TransferSteps;
using static CallActors.Calls.Transfers.TransferStatus;

namespace CallActors.Calls.Tests.Transfers;

/// <summary>Transfers taken through their stories: one row per (state reached by a sequence of inputs, next input),
/// with the status, routing attempts, next target and outcome the API would then show. The input under test always
/// arrives at 10 s.</summary>
public sealed class TransferStateMachineTests
{
    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["blind: the answer waits for the bridge"] = new(
            Build(Blind(), Dial(1), Ring(2)), Answer(10),
            Answered, [new(Alice, Answered, 200, null)], Alice, null, null, null),
        ["blind: answered without ringing"] = new(
            Build(Blind(Bob), Dial(1)), Answer(10),
            Answered, [new(Alice, Answered, 200, null)], Alice, Bob, null, null),
        ["blind: the bridge completes it"] = new(
            Build(Blind(Bob), Dial(1), Ring(2), Answer(3)), Bridge(10),
            Completed, [new(Alice, Completed, 200, null)], Alice, null, TransferOutcomes.Transferred, null),
        ["attended: the consultation is up and waits"] = new(
            Build(Attended(), Dial(1), Ring(2, 183)), Answer(10),
            Answered, [new(Alice, Answered, 200, null)], Alice, null, null, null),
        ["attended: completed once bridged"] = new(
            Build(Attended(), Dial(1), Ring(2), Answer(3)), Bridge(10),
            Completed, [new(Alice, Completed, 200, null)], Alice, null, TransferOutcomes.Transferred, null),
        ["486 on the first target: requested again on the fallback"] = new(
            Build(Blind(Bob, Carol), Dial(1), Ring(2)), Fail(10, 486),
            Requested, [new(Alice, Failed, 486, "busy")], Bob, Carol, null, null),
        ["the fallback's dial starts a second attempt"] = new(
            Build(Blind(Bob, Carol), Dial(1), Fail(2, 486)), Dial(10),
            Dialing, [new(Alice, Failed, 486, "busy"), new(Bob, Dialing, null, null)], Bob, Carol, null, null),
        ["486 then the fallback answers: busy, completed"] = new(
            Build(Blind(Bob), Dial(1), Fail(2, 486), Dial(3), Ring(4), Answer(5)), Bridge(10),
            Completed, [new(Alice, Failed, 486, "busy"), new(Bob, Completed, 200, null)], Bob, null,
            TransferOutcomes.Transferred, null),
        ["every target fails: reconnected"] = new(
            Build(Blind(Bob, Carol), Dial(1), Fail(2, 486), Dial(3), Fail(4, 603), Dial(5), Ring(6)), Fail(10, null),
            Failed,
            [new(Alice, Failed, 486, "busy"), new(Bob, Failed, 603, "declined"), new(Carol, Failed, 180, "no_answer")],
            Carol, null, TransferOutcomes.Reconnected, "no_answer"),
        ["every target fails: hung up"] = new(
            Build(NewTransfer(TransferKind.Attended, TransferLeg.Callee, TransferFallbackAction.HangUp, Bob), Dial(1), Fail(2, 480), Dial(3)),
            Fail(10, 404),
            Failed, [new(Alice, Failed, 480, "no_answer"), new(Bob, Failed, 404, "not_found")], Bob, null,
            TransferOutcomes.HungUp, "not_found"),
        ["the only target is not found"] = new(
            Build(Blind(), Dial(1)), Fail(10, 404),
            Failed, [new(Alice, Failed, 404, "not_found")], Alice, null, TransferOutcomes.Reconnected, "not_found"),
        ["timeout without any response"] = new(
            Build(Attended(), Dial(1)), Fail(10, null),
            Failed, [new(Alice, Failed, null, "no_answer")], Alice, null, TransferOutcomes.Reconnected, "no_answer"),
        ["timeout while ringing keeps the 180"] = new(
            Build(Blind(), Dial(1), Ring(2)), Fail(10, null),
            Failed, [new(Alice, Failed, 180, "no_answer")], Alice, null, TransferOutcomes.Reconnected, "no_answer"),
        ["the consulted target hangs up: the node's reason, then the fallback"] = new(
            Build(Attended(Bob), Dial(1), Answer(2)), Fail(10, null, "target_hung_up"),
            Requested, [new(Alice, Failed, 200, "target_hung_up")], Bob, null, null, null),
        ["cancel before the dial"] = new(
            Build(Blind(Bob)), Cancel(10),
            Cancelled, [], Alice, null, TransferOutcomes.Cancelled, null),
        ["cancel while ringing"] = new(
            Build(Blind(Bob), Dial(1), Ring(2)), Cancel(10),
            Cancelled, [new(Alice, Cancelled, 180, null)], Alice, null, TransferOutcomes.Cancelled, null),
        ["cancel an attended transfer after the answer"] = new(
            Build(Attended(), Dial(1), Answer(2)), Cancel(10),
            Cancelled, [new(Alice, Cancelled, 200, null)], Alice, null, TransferOutcomes.Cancelled, null),
        ["cancel between two targets"] = new(
            Build(Attended(Bob), Dial(1), Fail(2, 486)), Cancel(10),
            Cancelled, [new(Alice, Failed, 486, "busy")], Bob, null, TransferOutcomes.Cancelled, null),
        ["the kept caller hangs up while dialing"] = new(
            Build(Blind(Bob), Dial(1)), KeptHangsUp(10),
            Cancelled, [new(Alice, Cancelled, null, "caller_hung_up")], Alice, null, TransferOutcomes.Cancelled, "caller_hung_up"),
        ["the kept callee hangs up during the consultation"] = new(
            Build(NewTransfer(TransferKind.Attended, TransferLeg.Callee, TransferFallbackAction.Reconnect), Dial(1), Answer(2)),
            KeptHangsUp(10),
            Cancelled, [new(Alice, Cancelled, 200, "callee_hung_up")], Alice, null, TransferOutcomes.Cancelled, "callee_hung_up"),
        ["the node restarts while the target rings"] = new(
            Build(Blind(Bob), Dial(1), Ring(2)), new TransferInterrupted(At(10)),
            Cancelled, [new(Alice, Cancelled, 180, "node_restarted")], Alice, null, TransferOutcomes.Cancelled, "node_restarted"),
        ["the node restarts between a failed target and its fallback"] = new(
            Build(Attended(Bob), Dial(1), Fail(2, 486)), new TransferInterrupted(At(10)),
            Cancelled, [new(Alice, Failed, 486, "busy")], Bob, null, TransferOutcomes.Cancelled, "node_restarted"),
        ["the original party (callee) hangs up an attended transfer of the caller"] = new(
            Build(Attended(), Dial(1), Ring(2)), OriginalHangsUp(10),
            Cancelled, [new(Alice, Cancelled, 180, "callee_hung_up")], Alice, null, TransferOutcomes.Cancelled, "callee_hung_up"),
        ["the original party leaves a blind transfer: it goes on"] = new(
            Build(Blind(Bob), Dial(1), Ring(2)), OriginalHangsUp(10),
            Ringing, [new(Alice, Ringing, 180, null)], Alice, Bob, null, null, TransferFallbackAction.HangUp),
        ["after the original party left, every target fails: hung up"] = new(
            Build(Blind(), Dial(1), OriginalHangsUp(2)), Fail(10, 486),
            Failed, [new(Alice, Failed, 486, "busy")], Alice, null, TransferOutcomes.HungUp, "busy", TransferFallbackAction.HangUp),
    };

    public static TheoryData<string> Stories => [.. Rows.Keys];

    [Theory]
    [MemberData(nameof(Stories))]
    public void Apply(string story)
    {
        var row = Rows[story];

        var after = TransferStateMachine.Apply(row.Start, row.Input);

        Assert.NotSame(row.Start, after);
        Assert.Equal(row.Status, after.Status);
        Assert.Equal(row.Attempts, after.RoutingAttempts.Select(a => new Attempt(a.Target, a.Status, a.SipCode, a.FailureCause)));
        Assert.Equal(row.CurrentTarget, after.CurrentTarget);
        Assert.Equal(row.NextTransfer, after.NextTransfer);
        Assert.Equal(row.Outcome, after.Outcome);
        Assert.Equal(row.FailureCause, after.FailureCause);
        Assert.Equal(row.WhenAllFail ?? row.Start.WhenAllFail, after.WhenAllFail);
        Assert.Equal(At(10), after.UpdatedAt);
        Assert.Equal(row.Status.IsFinal(), after.IsFinal);
        Assert.Equal(after.IsFinal ? At(10) : null, after.CompletedAt);
    }

    [Fact]
    public void The_timeline_records_every_transition_in_order_with_its_time_and_target()
    {
        var state = Build(Blind(Bob), Dial(1), Ring(2), Fail(20, 486), Dial(20.5), Ring(21, 183), Answer(25), Bridge(25.2));

        Assert.Equal(
            [
                new TransferTransition(Requested, T0, Alice, null),
                new TransferTransition(Dialing, At(1), Alice, null),
                new TransferTransition(Ringing, At(2), Alice, 180),
                new TransferTransition(Requested, At(20), Bob, null),
                new TransferTransition(Dialing, At(20.5), Bob, null),
                new TransferTransition(Ringing, At(21), Bob, 183),
                new TransferTransition(Answered, At(25), Bob, 200),
                new TransferTransition(Completed, At(25.2), Bob, null),
            ],
            state.History);
        Assert.Equal(state.History.Select(t => t.At).Order(), state.History.Select(t => t.At));
        Assert.Equal(
            [
                new TransferAttempt(Alice, Failed, 486, "busy", At(1), At(2), null, At(20)),
                new TransferAttempt(Bob, Completed, 200, null, At(20.5), At(21), At(25), At(25.2)),
            ],
            state.RoutingAttempts);
        Assert.Equal((T0, At(25.2), At(25.2)), (state.CreatedAt, state.UpdatedAt, state.CompletedAt));
    }

    [Fact]
    public void A_failed_transfer_records_the_failure_code_in_its_last_transition()
    {
        var state = Build(Attended(), Dial(1), Ring(2), Fail(9, 603));

        Assert.Equal(new TransferTransition(Failed, At(9), Alice, 603), state.History[^1]);
        Assert.Equal(603, state.SipCode);
    }

    [Theory]
    [InlineData(TransferKind.Blind)]
    [InlineData(TransferKind.Attended)]
    public void Cancel_is_refused_after_completion(TransferKind kind)
    {
        var completed = Build(
            NewTransfer(kind, TransferLeg.Caller, TransferFallbackAction.Reconnect), Dial(1), Answer(2), Bridge(3));

        Assert.False(TransferStateMachine.CanCancel(completed));
        Assert.Same(completed, TransferStateMachine.Apply(completed, Cancel(10)));
    }

    [Fact]
    public void Cancel_is_refused_once_a_blind_transfer_is_answered_but_not_an_attended_one()
    {
        var blind = Build(Blind(), Dial(1), Answer(2));
        var attended = Build(Attended(), Dial(1), Answer(2));

        Assert.False(TransferStateMachine.CanCancel(blind));
        Assert.Same(blind, TransferStateMachine.Apply(blind, Cancel(10)));
        Assert.True(TransferStateMachine.CanCancel(attended));
        Assert.Equal(Cancelled, TransferStateMachine.Apply(attended, Cancel(10)).Status);
    }

    [Fact]
    public void A_blind_transfer_set_to_hang_up_ignores_the_original_party_leaving()
    {
        var state = Build(
            NewTransfer(TransferKind.Blind, TransferLeg.Callee, TransferFallbackAction.HangUp, Bob), Dial(1));

        Assert.Same(state, TransferStateMachine.Apply(state, OriginalHangsUp(10)));
    }

    [Fact]
    public void A_request_starts_on_the_first_target_with_the_first_fallback_next()
    {
        List<string> fallback = [Bob, Carol];

        var state = TransferState.Request(
            "xfer-9", "call-9", TransferKind.Attended, TransferLeg.Callee, TransferOrigin.Refer, Alice, fallback,
            TransferFallbackAction.HangUp, "abc@host;to-tag=1;from-tag=2", T0);
        fallback.Clear();

        Assert.Equal(Requested, state.Status);
        Assert.Equal((Alice, Bob), (state.CurrentTarget, state.NextTransfer));
        Assert.Equal([Bob, Carol], state.Fallback);
        Assert.Empty(state.RoutingAttempts);
        Assert.Equal([new TransferTransition(Requested, T0, Alice, null)], state.History);
        Assert.Equal((T0, T0, (DateTimeOffset?)null), (state.CreatedAt, state.UpdatedAt, state.CompletedAt));
        Assert.Equal("abc@host;to-tag=1;from-tag=2", state.ReplacesDialog);
        Assert.Null(Blind().NextTransfer);
    }

    [Theory]
    [InlineData("", "call-1", Alice)]
    [InlineData("xfer-1", " ", Alice)]
    [InlineData("xfer-1", "call-1", "")]
    public void A_request_without_an_id_or_a_target_is_refused(string id, string callId, string transferTo)
    {
        Assert.ThrowsAny<ArgumentException>(() => TransferState.Request(
            id, callId, TransferKind.Blind, TransferLeg.Caller, TransferOrigin.Api, transferTo, [],
            TransferFallbackAction.Reconnect, null, T0));
    }

    [Fact]
    public void A_request_with_an_empty_fallback_target_is_refused()
    {
        Assert.Throws<ArgumentException>(() => TransferState.Request(
            "xfer-1", "call-1", TransferKind.Blind, TransferLeg.Caller, TransferOrigin.Api, Alice, [Bob, " "],
            TransferFallbackAction.Reconnect, null, T0));
    }

    private sealed record Attempt(string Target, TransferStatus Status, int? SipCode, string? FailureCause);

    private sealed record Row(
        TransferState Start,
        TransferInput Input,
        TransferStatus Status,
        Attempt[] Attempts,
        string? CurrentTarget,
        string? NextTransfer,
        string? Outcome,
        string? FailureCause,
        TransferFallbackAction? WhenAllFail = null);
}
