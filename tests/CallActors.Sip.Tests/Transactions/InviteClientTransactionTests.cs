using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;

namespace CallActors.Sip.Tests.Transactions;

public sealed class InviteClientTransactionTests
{
    [Fact]
    public void Timer_A_resends_the_INVITE_at_T1_doubling_and_timer_B_reports_a_timeout_at_64_T1()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);

        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.AdvanceTo(31_999);
        Assert.Empty(harness.User.Timeouts);
        Assert.Equal(SipTransactionState.Calling, transaction.State);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 3500, 7500, 15500, 31500], harness.Transport.SentAt(invite));
        Assert.All(harness.Transport.Sent, s => Assert.Equal(TransactionHarness.PeerUdp, s.Destination));
        var timeout = Assert.Single(harness.User.Timeouts);
        Assert.Same(transaction, timeout.Transaction);
        Assert.Equal(32_000, timeout.AtMilliseconds);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(6, harness.Layer.RetransmissionsSent);
        Assert.Equal(1, harness.Layer.Timeouts);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_provisional_response_stops_timer_A_and_timer_B_no_longer_applies()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);

        harness.AdvanceTo(1000);
        harness.Receive(TestMessages.Response(invite, 180, "b1"));
        harness.AdvanceTo(120_000);

        Assert.Equal([0, 500], harness.Transport.SentAt(invite));
        Assert.Equal([180], harness.User.ResponseCodes);
        Assert.Same(transaction, harness.User.Responses[0].Transaction);
        Assert.Empty(harness.User.Timeouts);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal(180, transaction.LastResponse?.StatusCode);
        Assert.Equal(1, harness.Layer.Count);
        Assert.Equal(0, harness.Time.ActiveTimerCount);
    }

    [Fact]
    public void A_non_2xx_final_is_acknowledged_by_the_transaction_with_the_INVITE_branch_URI_and_routes()
    {
        var harness = new TransactionHarness();
        string[] routes = ["<sip:proxy1.example.com;lr>", "<sip:proxy2.example.com;lr>"];
        var invite = TestMessages.Outgoing(SipMethods.Invite, routes: routes, extraVias: ["SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKbelow"]);
        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.Receive(TestMessages.Response(invite, 180, "b7"));

        var busy = TestMessages.Response(invite, 486, "b7");
        harness.Receive(busy);

        var sent = harness.Transport.Sent[^1];
        var ack = Assert.IsType<SipRequest>(sent.Message);
        Assert.Equal(TransactionHarness.PeerUdp, sent.Destination);
        Assert.Equal(SipMethods.Ack, ack.Method);
        Assert.Equal(invite.RequestUri.ToString(), ack.RequestUri.ToString());
        Assert.Equal([invite.Headers.GetFirstValue(SipHeaderNames.Via)!], ack.Headers.GetValues(SipHeaderNames.Via));
        Assert.Equal("z9hG4bK776asdhds", ack.TopVia?.Branch);
        Assert.Equal(routes, ack.Headers.GetValues(SipHeaderNames.Route));
        Assert.Equal(busy.Headers.Get(SipHeaderNames.To), ack.Headers.Get(SipHeaderNames.To));
        Assert.Equal("b7", ack.To?.Tag);
        Assert.Equal(invite.Headers.Get(SipHeaderNames.From), ack.Headers.Get(SipHeaderNames.From));
        Assert.Equal(TestMessages.CallId, ack.CallId);
        Assert.Equal(new CSeqHeader(1, SipMethods.Ack), ack.CSeq);
        Assert.Equal(70, ack.MaxForwards);
        Assert.False(ack.Headers.Contains(SipHeaderNames.Contact));
        Assert.True(ack.Body.IsEmpty);
        Assert.Equal([180, 486], harness.User.ResponseCodes);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
    }

    [Fact]
    public void Timer_D_re_acknowledges_retransmitted_finals_for_32_s_without_telling_the_user()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.AdvanceTo(1000);
        harness.Receive(TestMessages.Response(invite, 486, "b7"));
        harness.AdvanceTo(5000);
        harness.Receive(TestMessages.Response(invite, 486, "b7"));

        Assert.Equal([1000, 5000], harness.Transport.Sent.Where(s => s.Message is SipRequest { Method: SipMethods.Ack }).Select(s => s.AtMilliseconds));
        Assert.Equal([486], harness.User.ResponseCodes);
        Assert.Equal(1, harness.Layer.RetransmissionsAbsorbed);
        Assert.Equal(2, harness.Layer.RetransmissionsSent); // timer A at 500 ms, the second ACK
        harness.AdvanceTo(1000 + 31_999);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(33_000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Empty(harness.User.Timeouts);
        harness.AssertNothingLeft();

        harness.Receive(TestMessages.Response(invite, 486, "b7"));
        Assert.Equal(1, harness.Layer.StrayResponses);
        Assert.Equal(2, harness.Transport.Requests(SipMethods.Ack).Length);
    }

    [Fact]
    public void Every_2xx_in_Accepted_reaches_the_user_who_acknowledges_it_and_timer_M_ends_the_transaction()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.AdvanceTo(100);
        harness.Receive(TestMessages.Response(invite, 180, "b1"));
        harness.AdvanceTo(2000);
        harness.Receive(TestMessages.Response(invite, 200, "b1"));
        harness.AdvanceTo(2500);
        harness.Receive(TestMessages.Response(invite, 200, "b1"));
        harness.Receive(TestMessages.Response(invite, 200, "fork2"));

        Assert.Equal([180, 200, 200, 200], harness.User.ResponseCodes);
        Assert.Equal(["b1", "b1", "b1", "fork2"], harness.User.Responses.Select(r => r.Response.Message.To?.Tag));
        Assert.All(harness.User.Responses, r => Assert.Same(transaction, r.Transaction));
        Assert.Empty(harness.Transport.Requests(SipMethods.Ack));
        Assert.Equal([0], harness.Transport.SentAt(invite));
        Assert.Equal(SipTransactionState.Accepted, transaction.State);

        harness.AdvanceTo(2000 + 31_999);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        harness.AdvanceTo(34_000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Empty(harness.User.Timeouts);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Over_TCP_timer_A_does_not_run_but_timer_B_does()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite, transport: "TCP");
        harness.Layer.SendRequest(invite, TransactionHarness.PeerTcp);

        harness.AdvanceTo(31_999);
        Assert.Equal([0], harness.Transport.SentAt(invite));
        Assert.Empty(harness.User.Timeouts);
        harness.AdvanceTo(32_000);

        Assert.Equal(32_000, Assert.Single(harness.User.Timeouts).AtMilliseconds);
        Assert.Equal(0, harness.Layer.RetransmissionsSent);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Over_TCP_timer_D_is_zero_the_transaction_ends_with_its_ACK()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite, transport: "TCP");
        var transaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerTcp);
        harness.AdvanceTo(1000);

        harness.Receive(TestMessages.Response(invite, 603, "b1"), TransactionHarness.PeerTcp);

        var ack = Assert.Single(harness.Transport.Requests(SipMethods.Ack));
        Assert.Equal(TransactionHarness.PeerTcp, harness.Transport.Sent[^1].Destination);
        Assert.Equal("b1", ack.To?.Tag);
        Assert.Equal([603], harness.User.ResponseCodes);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Custom_T1_scales_timers_A_and_B()
    {
        var harness = new TransactionHarness(new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(400) });
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);

        harness.AdvanceTo(10_000);

        // Timer A is not capped at T2 (RFC 3261 §17.1.1.2); B is 64*T1.
        Assert.Equal([0, 100, 300, 700, 1500, 3100, 6300], harness.Transport.SentAt(invite));
        Assert.Equal(6400, Assert.Single(harness.User.Timeouts).AtMilliseconds);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void CreateCancel_builds_the_RFC_3261_9_1_CANCEL_and_its_transaction_is_separate_from_the_INVITE()
    {
        var harness = new TransactionHarness();
        string[] routes = ["<sip:proxy1.example.com;lr>"];
        var invite = TestMessages.Outgoing(SipMethods.Invite, routes: routes, extraVias: ["SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKbelow"]);
        var inviteTransaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.Receive(TestMessages.Response(invite, 180, "b1"));

        var cancel = inviteTransaction.CreateCancel();

        Assert.Equal(SipMethods.Cancel, cancel.Method);
        Assert.Equal(invite.RequestUri.ToString(), cancel.RequestUri.ToString());
        Assert.Equal([invite.Headers.GetFirstValue(SipHeaderNames.Via)!], cancel.Headers.GetValues(SipHeaderNames.Via));
        Assert.Equal(routes, cancel.Headers.GetValues(SipHeaderNames.Route));
        Assert.Equal(invite.Headers.Get(SipHeaderNames.From), cancel.Headers.Get(SipHeaderNames.From));
        Assert.Equal(invite.Headers.Get(SipHeaderNames.To), cancel.Headers.Get(SipHeaderNames.To));
        Assert.Null(cancel.To?.Tag);
        Assert.Equal(TestMessages.CallId, cancel.CallId);
        Assert.Equal(new CSeqHeader(1, SipMethods.Cancel), cancel.CSeq);
        Assert.Equal(70, cancel.MaxForwards);

        var cancelTransaction = harness.Layer.SendRequest(cancel, inviteTransaction.Destination);
        harness.Receive(TestMessages.Response(cancel, 200, "b1"));
        harness.Receive(TestMessages.Response(invite, 487, "b1"));

        Assert.Equal(
            [(inviteTransaction, 180), (cancelTransaction, 200), (inviteTransaction, 487)],
            harness.User.Responses.Select(r => (r.Transaction, ((SipResponse)r.Response.Message).StatusCode)));
        Assert.Equal(SipTransactionState.Completed, cancelTransaction.State);
        Assert.Equal(SipTransactionState.Completed, inviteTransaction.State);
        Assert.Single(harness.Transport.Requests(SipMethods.Ack));
        harness.AdvanceTo(40_000);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void CreateCancel_refuses_a_non_INVITE_transaction()
    {
        var harness = new TransactionHarness();
        var bye = harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Bye), TransactionHarness.PeerUdp);

        Assert.Throws<InvalidOperationException>(bye.CreateCancel);
    }

    [Fact]
    public void An_INVITE_that_gets_no_final_response_within_64_T1_of_its_CANCEL_times_out()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        var inviteTransaction = harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        harness.AdvanceTo(200);
        harness.Receive(TestMessages.Response(invite, 180, "b1"));
        harness.AdvanceTo(1000);
        var cancel = inviteTransaction.CreateCancel();
        harness.Layer.SendRequest(cancel, inviteTransaction.Destination);
        harness.AdvanceTo(1100);
        harness.Receive(TestMessages.Response(cancel, 200, "b1"));

        harness.AdvanceTo(1000 + 31_999);
        Assert.Empty(harness.User.Timeouts);
        harness.AdvanceTo(60_000);

        var timeout = Assert.Single(harness.User.Timeouts);
        Assert.Same(inviteTransaction, timeout.Transaction);
        Assert.Equal(33_000, timeout.AtMilliseconds);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void SendRequest_rejects_an_ACK_a_branch_without_the_magic_cookie_a_reused_branch_and_a_mismatched_CSeq()
    {
        var harness = new TransactionHarness();

        Assert.Throws<ArgumentException>(() => harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Ack), TransactionHarness.PeerUdp));
        Assert.Throws<ArgumentException>(() => harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Invite, branch: "776asdhds"), TransactionHarness.PeerUdp));
        Assert.Throws<ArgumentException>(() => harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Invite, branch: ViaHeader.MagicCookie), TransactionHarness.PeerUdp));
        var mismatched = TestMessages.Outgoing(SipMethods.Invite);
        mismatched.Headers.Set(SipHeaderNames.CSeq, "1 BYE");
        Assert.Throws<ArgumentException>(() => harness.Layer.SendRequest(mismatched, TransactionHarness.PeerUdp));
        Assert.Empty(harness.Transport.Sent);
        Assert.Equal(0, harness.Layer.Count);

        harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Invite), TransactionHarness.PeerUdp);
        Assert.Throws<ArgumentException>(() => harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Invite), TransactionHarness.PeerUdp));
        Assert.Single(harness.Transport.Sent);
        Assert.Equal(1, harness.Layer.Count);
    }
}
