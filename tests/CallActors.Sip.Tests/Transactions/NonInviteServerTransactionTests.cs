using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;

namespace CallActors.Sip.Tests.Transactions;

public sealed class NonInviteServerTransactionTests
{
    [Fact]
    public void A_new_request_reaches_the_user_without_a_100_and_retransmissions_get_the_last_response_until_timer_J()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"));
        var transaction = Assert.Single(harness.User.Requests);
        Assert.Equal(SipTransactionState.Trying, transaction.State);
        Assert.Empty(harness.Transport.Sent);

        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"));
        Assert.Empty(harness.Transport.Sent);
        harness.AdvanceTo(1000);
        var ok = TestMessages.Response(transaction.Request, 200);
        transaction.SendResponse(ok);
        harness.AdvanceTo(2000);
        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"));

        Assert.Equal([1000, 2000], harness.Transport.SentAt(ok));
        Assert.Single(harness.User.Requests);
        Assert.Equal(2, harness.Layer.RetransmissionsAbsorbed);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(1000 + 31_999);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(33_000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Empty(harness.User.Timeouts);
        harness.AssertNothingLeft();

        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"));
        Assert.Equal(2, harness.User.Requests.Count);
    }

    [Fact]
    public void A_provisional_response_moves_to_Proceeding_and_answers_retransmissions()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Options));
        var transaction = harness.User.Requests[0];
        var trying = TestMessages.Response(transaction.Request, 100);

        transaction.SendResponse(trying);
        harness.Receive(TestMessages.Incoming(SipMethods.Options));

        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal([0, 0], harness.Transport.SentAt(trying));
    }

    [Fact]
    public void Over_TCP_timer_J_is_zero()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"), TransactionHarness.PeerTcp);
        var transaction = harness.User.Requests[0];

        transaction.SendResponse(TestMessages.Response(transaction.Request, 200));

        Assert.Equal(TransactionHarness.PeerTcp, Assert.Single(harness.Transport.Sent).Destination);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Custom_T1_sets_timer_J()
    {
        var harness = new TransactionHarness(new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(50), T2 = TimeSpan.FromMilliseconds(50) });
        harness.Receive(TestMessages.Incoming(SipMethods.Bye, toTag: "uas1"));
        var transaction = harness.User.Requests[0];
        transaction.SendResponse(TestMessages.Response(transaction.Request, 200));

        harness.AdvanceTo(3199);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(3200);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }
}
