using CallActors.Calls.Status;
using static CallActors.Calls.Status.CallStatus;
using static CallActors.Calls.Status.HangupSource;

namespace CallActors.Calls.Tests.Status;

/// <summary>Every (state, input) pair of the call status machine, one row each: the states a call can be in when an
/// input arrives, and every kind of input, all arriving 30 s after the call was created.</summary>
public sealed class CallStatusStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T30 = At(30);

    private static readonly Dictionary<string, CallStatusState> States = new()
    {
        ["starting"] = CallStatusState.Start(T0),
        ["ringing"] = new(Ringing, T0, At(2), null, null, S(2), null, null, null),
        ["ongoing"] = new(Ongoing, T0, At(2), At(10), null, S(2), 200, null, null),
        ["completed"] = new(Completed, T0, At(2), At(10), At(20), S(2), 200, "NORMAL_CLEARING", Caller),
        ["no-answer"] = new(NoAnswer, T0, At(2), null, At(20), S(2), 480, "NO_ANSWER", HangupSource.Timeout),
        ["busy"] = new(Busy, T0, At(2), null, At(5), S(2), 486, "USER_BUSY", Callee),
        ["failed"] = new(Failed, T0, null, null, At(1), null, 404, "NO_ROUTE_DESTINATION", None),
        ["cancelled"] = new(Cancelled, T0, At(2), null, At(5), S(2), 487, "ORIGINATOR_CANCEL", Caller),
    };

    private static readonly Dictionary<string, CallStatusInput> Inputs = new()
    {
        ["100 Trying"] = new CalleeProgress(100, T30),
        ["180 Ringing"] = new CalleeProgress(180, T30),
        ["183 Session Progress"] = new CalleeProgress(183, T30),
        ["200 OK"] = new CalleeAnswered(T30),
        ["callee 486"] = new CalleeRejected(486, T30),
        ["callee 600"] = new CalleeRejected(600, T30),
        ["callee 408"] = new CalleeRejected(408, T30),
        ["callee 480"] = new CalleeRejected(480, T30),
        ["callee 487 we did not ask for"] = new CalleeRejected(487, T30),
        ["callee 404"] = new CalleeRejected(404, T30),
        ["callee 503"] = new CalleeRejected(503, T30),
        ["callee 603"] = new CalleeRejected(603, T30),
        ["callee 302"] = new CalleeRejected(302, T30),
        ["callee 'rejects' with 200"] = new CalleeRejected(200, T30),
        ["CANCEL"] = new CallerCancelled(T30),
        ["ring timeout"] = new RingTimeout(T30),
        ["refused 404 no route"] = new Rejected(404, "NO_ROUTE_DESTINATION", T30),
        ["refused 503 without cause"] = new Rejected(503, "", T30),
        ["refused with a 1xx"] = new Rejected(183, "NORMAL_UNSPECIFIED", T30),
        ["caller BYE"] = new HungUp(Caller, T30),
        ["callee BYE"] = new HungUp(Callee, T30),
        ["API hangup"] = new HungUp(Api, T30),
        ["media timeout"] = new HungUp(HangupSource.MediaTimeout, T30),
        ["hangup from source timeout"] = new HungUp(HangupSource.Timeout, T30),
        ["hangup from source none"] = new HungUp(None, T30),
        ["transaction timeout"] = new TransactionTimedOut("b-leg", T30),
        ["node restarted"] = new NodeRestarted(T30),
    };

    /// <summary>What each input does to a call that has not been answered yet. The two pre-answer states differ only in
    /// whether the call rang (<see cref="PreAnswer"/> carries that over).</summary>
    private static readonly (string Input, CallStatus Status, HangupSource Source, string Cause, int? Code)[] EndingsBeforeAnswer =
    [
        ("callee 486", Busy, Callee, "USER_BUSY", 486),
        ("callee 600", Busy, Callee, "USER_BUSY", 600),
        ("callee 408", NoAnswer, Callee, "RECOVERY_ON_TIMER_EXPIRE", 408),
        ("callee 480", NoAnswer, Callee, "NO_USER_RESPONSE", 480),
        ("callee 487 we did not ask for", Failed, Callee, "ORIGINATOR_CANCEL", 487),
        ("callee 404", Failed, Callee, "UNALLOCATED_NUMBER", 404),
        ("callee 503", Failed, Callee, "NORMAL_TEMPORARY_FAILURE", 503),
        ("callee 603", Failed, Callee, "CALL_REJECTED", 603),
        ("callee 302", Failed, Callee, "NORMAL_UNSPECIFIED", 302),
        ("CANCEL", Cancelled, Caller, "ORIGINATOR_CANCEL", 487),
        ("ring timeout", NoAnswer, HangupSource.Timeout, "NO_ANSWER", 480),
        ("refused 404 no route", Failed, None, "NO_ROUTE_DESTINATION", 404),
        ("refused 503 without cause", Failed, None, "NORMAL_TEMPORARY_FAILURE", 503),
        ("caller BYE", Cancelled, Caller, "ORIGINATOR_CANCEL", 487),
        ("API hangup", Cancelled, Api, "ORIGINATOR_CANCEL", 487),
        ("transaction timeout", Failed, HangupSource.Timeout, "RECOVERY_ON_TIMER_EXPIRE", 408),
        ("node restarted", Failed, None, "NODE_RESTARTED", null),
    ];

    private static readonly (string Input, CallStatus Status, HangupSource Source, string Cause)[] EndingsAfterAnswer =
    [
        ("caller BYE", Completed, Caller, "NORMAL_CLEARING"),
        ("callee BYE", Completed, Callee, "NORMAL_CLEARING"),
        ("API hangup", Completed, Api, "NORMAL_CLEARING"),
        ("media timeout", Completed, HangupSource.MediaTimeout, "MEDIA_TIMEOUT"),
        ("transaction timeout", Completed, HangupSource.Timeout, "RECOVERY_ON_TIMER_EXPIRE"),
        ("node restarted", Failed, None, "NODE_RESTARTED"),
    ];

    /// <summary>The expected result of each (state, input); null means the input is ignored and the very same
    /// instance comes back.</summary>
    private static readonly Dictionary<(string State, string Input), Outcome?> Table = BuildTable();

    public static TheoryData<string, string> Rows
    {
        get
        {
            var rows = new TheoryData<string, string>();
            foreach (var (state, input) in Table.Keys)
            {
                rows.Add(state, input);
            }
            return rows;
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Apply(string state, string input)
    {
        var before = States[state];
        var expected = Table[(state, input)];

        var after = CallStatusStateMachine.Apply(before, Inputs[input]);

        if (expected is null)
        {
            Assert.Same(before, after);
            return;
        }
        Assert.Equal(
            expected,
            new Outcome(after.Status, after.HangupSource, after.HangupCause, after.FinalSipCode, after.RingingAt, after.AnsweredAt,
                after.EndedAt, after.Pdd, after.Duration, after.TalkTime));
        Assert.Equal(T0, after.CreatedAt);
        Assert.Equal(expected.Status >= Completed, after.IsEnded);
    }

    [Fact]
    public void The_table_has_a_row_for_every_state_and_every_input()
    {
        Assert.Equal(States.Count * Inputs.Count, Table.Count);
        Assert.Equal(Enum.GetValues<CallStatus>().Select(s => s.ToWireName()).Order(), States.Keys.Order());
    }

    [Fact]
    public void A_call_that_rings_then_is_answered_and_hung_up_keeps_the_first_18x_as_PDD()
    {
        var state = CallStatusState.Start(T0);
        CallStatusInput[] inputs =
        [
            new CalleeProgress(100, At(0.2)),
            new CalleeProgress(183, At(1.5)),
            new CalleeProgress(180, At(3)),
            new CalleeAnswered(At(12)),
            new CalleeAnswered(At(12.1)),
            new HungUp(Callee, At(72)),
            new NodeRestarted(At(100)),
        ];

        foreach (var input in inputs)
        {
            state = CallStatusStateMachine.Apply(state, input);
        }

        Assert.Equal(
            new CallStatusState(Completed, T0, At(1.5), At(12), At(72), S(1.5), 200, "NORMAL_CLEARING", Callee),
            state);
        Assert.Equal(S(72), state.Duration);
        Assert.Equal(S(60), state.TalkTime);
    }

    [Fact]
    public void A_call_not_ended_has_no_duration()
    {
        var ongoing = States["ongoing"];

        Assert.False(ongoing.IsEnded);
        Assert.Null(ongoing.Duration);
        Assert.Null(ongoing.TalkTime);
        Assert.Null(ongoing.HangupSource);
    }

    private static Dictionary<(string, string), Outcome?> BuildTable()
    {
        var table = new Dictionary<(string, string), Outcome?>();
        foreach (var state in States.Keys)
        {
            foreach (var input in Inputs.Keys)
            {
                table[(state, input)] = null;
            }
        }

        table[("starting", "180 Ringing")] = new(Ringing, null, null, null, T30, null, null, S(30), null, null);
        table[("starting", "183 Session Progress")] = new(Ringing, null, null, null, T30, null, null, S(30), null, null);
        // Answered without any 18x: the PDD runs to the answer.
        table[("starting", "200 OK")] = new(Ongoing, null, null, 200, null, T30, null, S(30), null, null);
        table[("ringing", "200 OK")] = new(Ongoing, null, null, 200, At(2), T30, null, S(2), null, null);
        foreach (var state in (string[])["starting", "ringing"])
        {
            foreach (var (input, status, source, cause, code) in EndingsBeforeAnswer)
            {
                table[(state, input)] = PreAnswer(States[state], status, source, cause, code);
            }
        }
        foreach (var (input, status, source, cause) in EndingsAfterAnswer)
        {
            table[("ongoing", input)] = new(status, source, cause, 200, At(2), At(10), T30, S(2), S(30), S(20));
        }
        return table;
    }

    private static Outcome PreAnswer(CallStatusState from, CallStatus status, HangupSource source, string cause, int? code) =>
        new(status, source, cause, code, from.RingingAt, null, T30, from.Pdd, S(30), null);

    private static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private sealed record Outcome(
        CallStatus Status,
        HangupSource? Source,
        string? Cause,
        int? FinalSipCode,
        DateTimeOffset? RingingAt,
        DateTimeOffset? AnsweredAt,
        DateTimeOffset? EndedAt,
        TimeSpan? Pdd,
        TimeSpan? Duration,
        TimeSpan? TalkTime);
}
