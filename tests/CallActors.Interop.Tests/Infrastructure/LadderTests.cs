namespace CallActors.Interop.Tests.Infrastructure;

/// <summary>The ladder check itself, on made-up dialogues: it must accept every causal interleaving and reject the
/// rest, since its verdicts are what the interop tests report.</summary>
public sealed class LadderTests
{
    private static readonly Ladder Busy = Ladder.Parse("""
        caller -> INVITE
        caller <- 100 INVITE
        callee <- INVITE
        callee -> 486 INVITE
        callee <- ACK
        caller <- 486 INVITE
        caller -> ACK
        """);

    [Fact]
    public void The_ladder_as_written_matches() =>
        Assert.Null(Busy.Mismatch(Call("caller -> INVITE", "caller <- 100 INVITE", "callee <- INVITE", "callee -> 486 INVITE", "callee <- ACK", "caller <- 486 INVITE", "caller -> ACK")));

    [Fact]
    public void Messages_that_do_not_cause_each_other_may_interleave_either_way() =>
        Assert.Null(Busy.Mismatch(Call("caller -> INVITE", "callee <- INVITE", "caller <- 100 INVITE", "callee -> 486 INVITE", "caller <- 486 INVITE", "caller -> ACK", "callee <- ACK")));

    [Fact]
    public void A_relayed_message_recorded_before_its_cause_on_the_other_leg_is_refused()
    {
        var problem = Busy.Mismatch(Call("caller -> INVITE", "caller <- 100 INVITE", "callee <- INVITE", "caller <- 486 INVITE", "callee -> 486 INVITE", "callee <- ACK", "caller -> ACK"));

        Assert.Contains("'caller <- 486 INVITE' was recorded before 'callee -> 486 INVITE'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_recorded_before_the_request_it_answers_is_refused()
    {
        var problem = Busy.Mismatch(Call("caller -> INVITE", "caller <- 100 INVITE", "callee -> 486 INVITE", "callee <- INVITE", "callee <- ACK", "caller <- 486 INVITE", "caller -> ACK"));

        Assert.Contains("the callee leg differs", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_repeated_message_is_refused()
    {
        Assert.NotNull(Busy.Mismatch(Call("caller -> INVITE", "caller <- 100 INVITE", "callee <- INVITE", "callee -> 486 INVITE", "callee <- ACK", "caller <- 486 INVITE")));
        Assert.NotNull(Busy.Mismatch(Call("caller -> INVITE", "caller -> INVITE", "caller <- 100 INVITE", "callee <- INVITE", "callee -> 486 INVITE", "callee <- ACK", "caller <- 486 INVITE", "caller -> ACK")));
        Assert.Equal(["caller <- 486 INVITE", "caller -> ACK"], Busy.MissingFrom(Call("caller -> INVITE", "caller <- 100 INVITE", "callee -> 486 INVITE", "callee <- INVITE", "callee <- ACK")));
    }

    [Fact]
    public void A_retransmitted_200_and_the_ack_relayed_again_for_it_are_not_differences_but_other_repeats_are()
    {
        var answered = Ladder.Parse("""
            caller -> INVITE
            callee <- INVITE
            callee -> 200 INVITE
            caller <- 200 INVITE
            caller -> ACK
            callee <- ACK
            """);

        Assert.Null(answered.Mismatch(Call("caller -> INVITE", "callee <- INVITE", "callee -> 200 INVITE", "caller <- 200 INVITE", "callee -> 200 INVITE", "caller -> ACK", "callee <- ACK", "callee <- ACK")));
        Assert.NotNull(answered.Mismatch(Call("caller -> INVITE", "callee <- INVITE", "callee <- INVITE", "callee -> 200 INVITE", "caller <- 200 INVITE", "caller -> ACK", "callee <- ACK")));
    }

    [Fact]
    public void After_a_timer_line_nothing_needs_a_cause_on_the_other_leg()
    {
        var timeout = Ladder.Parse("""
            caller -> INVITE
            callee <- INVITE
            ~ ring timeout
            callee <- CANCEL
            caller <- 480 INVITE
            """);

        Assert.Null(timeout.Mismatch(Call("caller -> INVITE", "callee <- INVITE", "callee <- CANCEL", "caller <- 480 INVITE")));
    }

    /// <summary>A call whose dialogue is these messages, in ladder notation, in this order.</summary>
    private static CallRecord Call(params string[] steps)
    {
        var dialogue = steps.Select(step =>
        {
            var parts = step.Split(' ');
            var isResponse = parts.Length == 4;
            var method = parts[^1];
            return new DialogueMessage(
                parts[0],
                parts[1] == "->" ? "received" : "sent",
                isResponse ? $"SIP/2.0 {parts[2]} Reason" : $"{method} sip:someone@example.com SIP/2.0",
                $"1 {method}",
                "127.0.0.1:5060",
                "127.0.0.2:5060",
                parts[0],
                "test",
                DateTimeOffset.UnixEpoch,
                []);
        });
        return new CallRecord("call", null, "from", "to", "sip:someone@example.com", null, "127.0.0.1:5060", null, null, "busy", 486, null, null, null, [], dialogue.ToList());
    }
}
