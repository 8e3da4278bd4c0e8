using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;

namespace CallActors.Sip.Tests.Transactions;

public sealed class NonInviteClientTransactionTests
{
    [Fact]
    public void Timer_E_doubles_up_to_T2_and_timer_F_reports_a_timeout_at_64_T1()
    {
        var harness = new TransactionHarness();
        var bye = TestMessages.Outgoing(SipMethods.Bye);

        var transaction = harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);
        Assert.Equal(SipTransactionState.Trying, transaction.State);
        harness.AdvanceTo(31_999);
        Assert.Empty(harness.User.Timeouts);
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500], harness.Transport.SentAt(bye));
        var timeout = Assert.Single(harness.User.Timeouts);
        Assert.Same(transaction, timeout.Transaction);
        Assert.Equal(32_000, timeout.AtMilliseconds);
        Assert.Equal(10, harness.Layer.RetransmissionsSent);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void In_Proceeding_timer_E_fires_every_T2_and_timer_F_still_applies()
    {
        var harness = new TransactionHarness();
        var bye = TestMessages.Outgoing(SipMethods.Bye);
        var transaction = harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);
        harness.AdvanceTo(700);

        harness.Receive(TestMessages.Response(bye, 100));
        harness.AdvanceTo(40_000);

        Assert.Equal([0, 500, 1500, 5500, 9500, 13500, 17500, 21500, 25500, 29500], harness.Transport.SentAt(bye));
        Assert.Equal([100], harness.User.ResponseCodes);
        Assert.Equal(32_000, Assert.Single(harness.User.Timeouts).AtMilliseconds);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_final_response_stops_timer_E_and_timer_K_absorbs_its_retransmissions_for_T4()
    {
        var harness = new TransactionHarness();
        var bye = TestMessages.Outgoing(SipMethods.Bye);
        var transaction = harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);
        harness.AdvanceTo(1000);
        harness.Receive(TestMessages.Response(bye, 200));
        harness.AdvanceTo(2000);
        harness.Receive(TestMessages.Response(bye, 200));

        Assert.Equal([200], harness.User.ResponseCodes);
        Assert.Equal(1, harness.Layer.RetransmissionsAbsorbed);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(1000 + 4999);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(6000);

        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal([0, 500], harness.Transport.SentAt(bye));
        Assert.Empty(harness.User.Timeouts);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Over_TCP_timer_E_does_not_run_timer_F_does_and_timer_K_is_zero()
    {
        var harness = new TransactionHarness();
        var options = TestMessages.Outgoing(SipMethods.Options, branch: "z9hG4bKopt", transport: "TCP");
        harness.Layer.SendRequest(options, TransactionHarness.PeerTcp);
        harness.AdvanceTo(31_999);
        Assert.Equal([0], harness.Transport.SentAt(options));
        harness.AdvanceTo(32_000);
        Assert.Equal(32_000, Assert.Single(harness.User.Timeouts).AtMilliseconds);
        harness.AssertNothingLeft();

        var bye = TestMessages.Outgoing(SipMethods.Bye, transport: "TCP");
        var transaction = harness.Layer.SendRequest(bye, TransactionHarness.PeerTcp);
        harness.Receive(TestMessages.Response(bye, 200), TransactionHarness.PeerTcp);

        Assert.Equal([200], harness.User.ResponseCodes);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Custom_T1_and_T2_scale_timers_E_and_F()
    {
        var harness = new TransactionHarness(new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(200), T2 = TimeSpan.FromSeconds(1) });
        var bye = TestMessages.Outgoing(SipMethods.Bye);
        harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);

        harness.AdvanceTo(20_000);

        Assert.Equal(
            [0, 200, 600, 1400, 2400, 3400, 4400, 5400, 6400, 7400, 8400, 9400, 10400, 11400, 12400],
            harness.Transport.SentAt(bye));
        Assert.Equal(12_800, Assert.Single(harness.User.Timeouts).AtMilliseconds);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Custom_T4_sets_timer_K()
    {
        var harness = new TransactionHarness(new SipTimerOptions { T4 = TimeSpan.FromSeconds(2) });
        var bye = TestMessages.Outgoing(SipMethods.Bye);
        var transaction = harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);
        harness.Receive(TestMessages.Response(bye, 200));

        harness.AdvanceTo(1999);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        harness.AdvanceTo(2000);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        harness.AssertNothingLeft();
    }
}
