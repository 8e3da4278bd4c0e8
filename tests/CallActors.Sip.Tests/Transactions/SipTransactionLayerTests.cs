using System.Diagnostics.Metrics;
using System.Net;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Sip.Tests.Transactions;

public sealed class SipTransactionLayerTests
{
    [Fact]
    public void A_response_that_matches_no_client_transaction_is_counted_and_handed_to_the_user()
    {
        var harness = new TransactionHarness();
        var response = TestMessages.Response(TestMessages.Outgoing(SipMethods.Invite), 200, "b1");

        harness.Receive(response);

        Assert.Same(response, Assert.Single(harness.User.Strays).Message);
        Assert.Empty(harness.User.Responses);
        Assert.Equal(1, harness.Layer.StrayResponses);
        Assert.Empty(harness.Transport.Sent);
    }

    [Fact]
    public void Responses_match_a_client_transaction_by_branch_and_CSeq_method()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Outgoing(SipMethods.Invite);
        harness.Layer.SendRequest(invite, TransactionHarness.PeerUdp);
        var wrongMethod = TestMessages.Response(invite, 200, "b1");
        wrongMethod.Headers.Set(SipHeaderNames.CSeq, "1 CANCEL");
        var wrongBranch = TestMessages.Response(TestMessages.Outgoing(SipMethods.Invite, branch: "z9hG4bKother"), 200, "b1");

        harness.Receive(wrongMethod);
        harness.Receive(wrongBranch);
        harness.Receive(TestMessages.Response(invite, 180, "b1"));

        Assert.Equal(2, harness.Layer.StrayResponses);
        Assert.Equal([180], harness.User.ResponseCodes);
    }

    [Fact]
    public void A_CANCEL_gets_its_own_server_transaction_and_finds_the_INVITE_by_branch_and_sent_by()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite));
        var invite = harness.User.Requests[0];
        invite.SendResponse(TestMessages.Response(invite.Request, 180, "uas1"));

        harness.Receive(TestMessages.Incoming(SipMethods.Cancel));

        var cancel = harness.User.Requests[1];
        Assert.NotSame(invite, cancel);
        Assert.False(cancel.IsInvite);
        Assert.Equal(SipTransactionState.Trying, cancel.State);
        Assert.Same(invite, harness.Layer.FindInviteServerTransaction(cancel.Request));
        Assert.Null(harness.Layer.FindInviteServerTransaction(TestMessages.Incoming(SipMethods.Cancel, sentBy: "10.1.1.2:5060")));
        Assert.Null(harness.Layer.FindInviteServerTransaction(TestMessages.Incoming(SipMethods.Cancel, branch: "z9hG4bKother")));

        cancel.SendResponse(TestMessages.Response(cancel.Request, 200, "uas1"));
        invite.SendResponse(TestMessages.Response(invite.Request, 487, "uas1"));
        harness.Receive(TestMessages.AckForNon2xx("uas1"));

        Assert.Equal([100, 180, 200, 487], harness.Transport.Responses.Select(r => r.StatusCode));
        Assert.Equal(SipTransactionState.Confirmed, invite.State);
        harness.AdvanceTo(40_000);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void Requests_from_an_RFC_2543_peer_without_a_magic_cookie_branch_are_matched_on_their_identity()
    {
        var harness = new TransactionHarness();
        harness.Receive(TestMessages.Incoming(SipMethods.Invite, branch: null));
        harness.Receive(TestMessages.Incoming(SipMethods.Invite, branch: null));
        var transaction = Assert.Single(harness.User.Requests);
        transaction.SendResponse(TestMessages.Response(transaction.Request, 486, "uas1"));

        harness.Receive(TestMessages.AckForNon2xx("uas1", branch: null));
        harness.Receive(TestMessages.Incoming(SipMethods.Invite, branch: null, cseq: 314160));

        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        Assert.Empty(harness.User.Acks);
        Assert.Equal(2, harness.User.Requests.Count);
        Assert.Equal(1, harness.Layer.RetransmissionsAbsorbed);
    }

    [Fact]
    public void RespondStateless_answers_through_the_Via_with_a_To_tag_and_creates_no_transaction()
    {
        var harness = new TransactionHarness();
        var invite = TestMessages.Incoming(SipMethods.Invite);
        var inbound = new SipInbound(invite, TransactionHarness.PeerUdp, TransactionHarness.Local, harness.Time.GetUtcNow());

        harness.Layer.RespondStateless(inbound, 503, "Overloaded", r => r.Headers.Add(SipHeaderNames.RetryAfter, "5"));

        var sent = Assert.Single(harness.Transport.Sent);
        Assert.Equal(new SipEndPoint(SipProtocol.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000)), sent.Destination);
        var response = Assert.IsType<SipResponse>(sent.Message);
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("Overloaded", response.ReasonPhrase);
        Assert.Equal("5", response.Headers.Get(SipHeaderNames.RetryAfter));
        Assert.False(string.IsNullOrEmpty(response.To?.Tag));
        Assert.Equal(invite.CallId, response.CallId);
        Assert.Equal(0, harness.Layer.Count);
        Assert.Empty(harness.User.Requests);
    }

    [Fact]
    public void SendStateless_sends_the_message_as_it_is_without_a_transaction()
    {
        var harness = new TransactionHarness();
        var ack = TestMessages.Outgoing(SipMethods.Ack, branch: "z9hG4bKack");

        harness.Layer.SendStateless(ack, TransactionHarness.PeerUdp);
        harness.AdvanceTo(40_000);

        var sent = Assert.Single(harness.Transport.Sent);
        Assert.Same(ack, sent.Message);
        Assert.Equal(TransactionHarness.PeerUdp, sent.Destination);
        harness.AssertNothingLeft();
    }

    [Fact]
    public void A_user_that_throws_does_not_break_the_socket_loop_and_is_logged_with_the_Call_ID()
    {
        var logger = new RecordingLogger<SipTransactionLayer>();
        var harness = new TransactionHarness(logger: logger);
        harness.User.OnRequestHook = _ => throw new InvalidOperationException("user bug");
        var invite = TestMessages.Incoming(SipMethods.Invite);

        harness.Receive(invite);

        var line = Assert.Single(logger.Lines, l => l.Level == LogLevel.Error);
        Assert.Contains(invite.CallId!, line.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(line.Exception);
        var transaction = harness.User.Requests[0];
        transaction.SendResponse(TestMessages.Response(transaction.Request, 200, "uas1"));
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
    }

    [Fact]
    public void A_timeout_is_logged_with_the_Call_ID()
    {
        var logger = new RecordingLogger<SipTransactionLayer>();
        var harness = new TransactionHarness(logger: logger);
        harness.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Invite), TransactionHarness.PeerUdp);

        harness.AdvanceTo(32_000);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("timer B", line.Message, StringComparison.Ordinal);
        Assert.Contains(TestMessages.CallId, line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stray_responses_are_published_on_the_CallActors_Sip_meter()
    {
        long strays = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SipTransactionLayer.MeterName && instrument.Name == "callactors.sip.transactions.stray_responses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref strays, value));
        listener.Start();
        var harness = new TransactionHarness();

        harness.Receive(TestMessages.Response(TestMessages.Outgoing(SipMethods.Bye), 200));

        Assert.True(Interlocked.Read(ref strays) >= 1);
    }

    [Fact]
    public void Concurrent_calls_from_transport_actor_and_timer_threads_leave_nothing_behind()
    {
        const int Calls = 2000;
        var harness = new TransactionHarness();
        harness.User.OnRequestHook = t =>
        {
            if (t.IsInvite)
            {
                t.SendResponse(TestMessages.Response(t.Request, 200, "uas" + t.Request.CSeq!.Value.Number));
            }
        };

        Parallel.For(0, Calls, i =>
        {
            var number = (uint)(i + 1);
            var branch = "z9hG4bKpar" + i;
            harness.Receive(TestMessages.Incoming(SipMethods.Invite, branch, number));
            harness.Receive(TestMessages.Incoming(SipMethods.Invite, branch, number));
            harness.Receive(TestMessages.AckFor2xx("uas" + number, "z9hG4bKparack" + i, number));
            var bye = TestMessages.Outgoing(SipMethods.Bye, "z9hG4bKbye" + i, number);
            harness.Layer.SendRequest(bye, TransactionHarness.PeerUdp);
            harness.Receive(TestMessages.Response(bye, 200));
            if (i % 100 == 0)
            {
                harness.Time.Advance(TimeSpan.FromMilliseconds(100));
            }
        });
        harness.Time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(Calls, harness.User.Requests.Count);
        Assert.Equal(Calls, harness.User.Acks.Count(a => a.Invite is not null));
        Assert.Equal(Calls, harness.User.Responses.Count);
        Assert.Empty(harness.User.Timeouts);
        Assert.Equal(Calls, harness.Layer.RetransmissionsAbsorbed);
        harness.AssertNothingLeft();
    }
}
