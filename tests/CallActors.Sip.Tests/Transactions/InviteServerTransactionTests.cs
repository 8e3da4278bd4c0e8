using System.Net;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transactions;

public sealed class InviteServerTransactionTests
{
    private static readonly SipEndPoint ViaDestination = new(SipProtocol.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000));

    [Fact]
    public void A_new_INVITE_gets_100_Trying_at_once_before_the_user_sees_it()
    {
        var harness = new TransactionHarness();
        var sentBeforeUser = -1;
        harness.User.OnRequestHook = _ => sentBeforeUser = harness.Transport.Sent.Count;
        var invite = TestMessages.Incoming(SipMethods.Invite);

        harness.Receive(invite);

        Assert.Equal(1, sentBeforeUser);
        var sent = Assert.Single(harness.Transport.Sent);
        Assert.Equal(ViaDestination, sent.Destination);
        var trying = Assert.IsType<SipResponse>(sent.Message);
        Assert.Equal(100, trying.StatusCode);
        Assert.Null(trying.To?.Tag);
        Assert.Equal(invite.Headers.GetValues(SipHeaderNames.Via), trying.Headers.GetValues(SipHeaderNames.Via));
        Assert.Equal(invite.CSeq, trying.CSeq);
        var transaction = Assert.Single(harness.User.Requests);
        Assert.Same(invite, transaction.Request);
        Assert.True(transaction.IsInvite);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal(ViaDestination, transaction.ResponseDestination);
    }

    [Fact]
    public void A_retransmitted_INVITE_is_absorbed_and_answered_with_the_last_provisional_response()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = Assert.Single(harness.User.Requests);
        var ringing = TestMessages.Response(transaction.Request, 180, "uas1");
        transaction.SendResponse(ringing);

        harness.Receive(TestMessages.Incoming(SipMethods.Invite));

        Assert.Equal([100, 100, 180, 180], harness.Transport.Responses.Select(r => r.StatusCode));
        Assert.Same(ringing, harness.Transport.Responses[^1]);
        Assert.Single(harness.User.Requests);
        Assert.Equal(2, harness.Layer.RetransmissionsAbsorbed);
        Assert.Equal(2, harness.Layer.RetransmissionsSent);
        Assert.Equal(1, harness.Layer.Count);
    }

    [Fact]
    public void Timer_G_resends_a_non_2xx_final_up_to_T2_and_timer_H_reports_the_missing_ACK_at_64_T1()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var busy = TestMessages.Response(transaction.Request, 486, "uas1");

        transaction.SendResponse(busy);
        harness.AdvanceTo(31_999);
        Assert.Empty(harness.User.Timeouts);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], harness.Transport.SentAt(busy));
        Assert.All(harness.Transport.Sent, s => Assert.Equal(ViaDestination, s.Destination));
        var timeout = Assert.Single(harness.User.Timeouts);
        Assert.Same(transaction, timeout.Transaction);
        Assert.Equal(32_000, timeout.AtMilliseconds);
        Assert.Equal(1, harness.Layer.Timeouts);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void The_ACK_for_a_non_2xx_stops_timer_G_is_absorbed_and_timer_I_ends_the_transaction_after_T4()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var busy = TestMessages.Response(transaction.Request, 486, "uas1");
        transaction.SendResponse(busy);
        harness.AdvanceTo(2000);

        harness.Receive(TestMessages.AckForNon2xx("uas1"));
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        harness.AdvanceTo(3000);
        harness.Receive(TestMessages.AckForNon2xx("uas1"));
        harness.AdvanceTo(2000 + 4999);
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        harness.AdvanceTo(7000);

        Assert.Equal([0, 500, 1500], harness.Transport.SentAt(busy));
        Assert.Empty(harness.User.Acks);
        Assert.Empty(harness.User.Timeouts);
        Assert.Equal(1, harness.Layer.RetransmissionsAbsorbed);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_2xx_is_resent_until_its_ACK_which_reaches_the_user_with_the_INVITE_and_timer_L_ends_Accepted()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");
        transaction.SendResponse(ok);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        harness.AdvanceTo(4000);

        var ack = TestMessages.AckFor2xx("uas1");
        harness.Receive(ack);
        harness.AdvanceTo(31_999);
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 3500], harness.Transport.SentAt(ok));
        var received = Assert.Single(harness.User.Acks);
        Assert.Same(ack, received.Ack.Message);
        Assert.Same(transaction, received.Invite);
        Assert.Empty(harness.User.Timeouts);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_2xx_never_acknowledged_is_resent_up_to_T2_and_timer_L_reports_a_timeout()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");

        transaction.SendResponse(ok);
        harness.AdvanceTo(31_999);
        Assert.Empty(harness.User.Timeouts);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], harness.Transport.SentAt(ok));
        var timeout = Assert.Single(harness.User.Timeouts);
        Assert.Same(transaction, timeout.Transaction);
        Assert.Equal(32_000, timeout.AtMilliseconds);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_retransmitted_INVITE_in_Accepted_is_absorbed_and_answered_with_the_2xx()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");
        transaction.SendResponse(ok);
        harness.AdvanceTo(200);

        harness.Receive(TestMessages.Incoming(SipMethods.Invite));

        Assert.Equal([0, 200], harness.Transport.SentAt(ok));
        Assert.Single(harness.User.Requests);
        Assert.Equal(1, harness.Layer.RetransmissionsAbsorbed);
    }

    [Fact]
    public void An_ACK_that_matches_no_Accepted_INVITE_reaches_the_user_without_one()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");
        transaction.SendResponse(ok);

        harness.Receive(TestMessages.AckFor2xx("someone-else"));
        harness.Receive(TestMessages.AckFor2xx("uas1", cseq: 314160));
        harness.AdvanceTo(600);

        Assert.Equal([null, null], harness.User.Acks.Select(a => a.Invite));
        Assert.Equal([0, 500], harness.Transport.SentAt(ok)); // still waiting for the right ACK
        harness.AdvanceTo(40_000);
        harness.Receive(TestMessages.AckFor2xx("uas1"));

        Assert.Null(harness.User.Acks[^1].Invite);
        Assert.Equal(3, harness.User.Acks.Count);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void An_ACK_for_the_2xx_that_reuses_the_INVITE_branch_still_acknowledges_it()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");
        transaction.SendResponse(ok);
        harness.AdvanceTo(1000);

        harness.Receive(TestMessages.AckForNon2xx("uas1"));
        harness.AdvanceTo(40_000);

        Assert.Same(transaction, Assert.Single(harness.User.Acks).Invite);
        Assert.Equal([0, 500], harness.Transport.SentAt(ok));
        Assert.Empty(harness.User.Timeouts);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void An_ACK_with_the_INVITE_branch_before_any_final_response_is_dropped()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];

        harness.Receive(TestMessages.AckForNon2xx("uas1"));

        Assert.Empty(harness.User.Acks);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal([100], harness.Transport.Responses.Select(r => r.StatusCode));
    }

    [Fact]
    public void Over_TCP_timer_G_does_not_run_and_timer_I_is_zero()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite), TransactionHarness.PeerTcp);
        var transaction = harness.User.Requests[0];
        Assert.Equal(TransactionHarness.PeerTcp, transaction.ResponseDestination);
        var busy = TestMessages.Response(transaction.Request, 486, "uas1");
        transaction.SendResponse(busy);
        harness.AdvanceTo(10_000);
        Assert.Equal([0], harness.Transport.SentAt(busy));

        harness.Receive(TestMessages.AckForNon2xx("uas1"), TransactionHarness.PeerTcp);

        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Empty(harness.User.Acks);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Over_TCP_the_2xx_is_still_resent_until_the_ACK_as_RFC_3261_13_3_1_4_asks_of_every_transport()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite), TransactionHarness.PeerTcp);
        var transaction = harness.User.Requests[0];
        var ok = TestMessages.Response(transaction.Request, 200, "uas1");
        transaction.SendResponse(ok);
        harness.AdvanceTo(2000);

        harness.Receive(TestMessages.AckFor2xx("uas1"), TransactionHarness.PeerTcp);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500], harness.Transport.SentAt(ok));
        Assert.Same(transaction, Assert.Single(harness.User.Acks).Invite);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_response_after_the_final_one_is_not_sent()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var busy = TestMessages.Response(transaction.Request, 486, "uas1");
        transaction.SendResponse(busy);

        transaction.SendResponse(TestMessages.Response(transaction.Request, 180, "uas1"));
        transaction.SendResponse(TestMessages.Response(transaction.Request, 200, "uas1"));

        Assert.Equal([100, 486], harness.Transport.Responses.Select(r => r.StatusCode));
        Assert.Same(busy, transaction.LastResponse);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
    }

    [Fact]
    public void A_retransmitted_INVITE_gets_the_final_response_again_in_Completed_and_nothing_in_Confirmed()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var transaction = harness.User.Requests[0];
        var busy = TestMessages.Response(transaction.Request, 486, "uas1");
        transaction.SendResponse(busy);
        harness.AdvanceTo(100);

        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        harness.Receive(TestMessages.AckForNon2xx("uas1"));
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));

        Assert.Equal([0, 100], harness.Transport.SentAt(busy));
        Assert.Single(harness.User.Requests);
        Assert.Equal(2, harness.Layer.RetransmissionsAbsorbed);
    }
}
