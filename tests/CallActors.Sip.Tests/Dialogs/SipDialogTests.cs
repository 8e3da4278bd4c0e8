using System.Text;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using static CallActors.Sip.Tests.Dialogs.DialogMessages;

namespace CallActors.Sip.Tests.Dialogs;

public sealed class SipDialogTests
{
    private const string P1 = "<sip:p1.atlanta.example.com;lr>";
    private const string P2 = "<sip:p2.biloxi.example.com;lr>";

    [Fact]
    public void UAC_dialog_from_a_2xx_takes_its_state_from_the_INVITE_and_the_response()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [$"{P2}, {P1}"]));

        Assert.Equal(SipDialogState.Confirmed, dialog.State);
        Assert.Equal(CallId, dialog.CallId);
        Assert.Equal(AliceTag, dialog.LocalTag);
        Assert.Equal(BobTag, dialog.RemoteTag);
        Assert.Equal($"\"Alice\" <sip:alice@atlanta.example.com>;tag={AliceTag}", dialog.LocalParty.ToString());
        Assert.Equal($"\"Bob\" <sip:bob@biloxi.example.com>;tag={BobTag}", dialog.RemoteParty.ToString());
        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
        Assert.Equal("sip:alice@pc33.atlanta.example.com", dialog.LocalContact.ToString());
        Assert.Equal(InviteCSeq, dialog.LocalCSeq);
        Assert.Null(dialog.RemoteCSeq);
        Assert.Equal(new SipDialogId(CallId, AliceTag, BobTag), dialog.Id);
    }

    [Fact]
    public void UAC_route_set_is_the_Record_Route_of_the_response_reversed()
    {
        // Two header lines and a comma-joined line are the same list.
        var fromLines = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P2, P1]));
        var fromOneLine = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [$"{P2},{P1}"]));

        Assert.Equal([P1, P2], fromLines.RouteSet.Select(r => r.ToString()));
        Assert.Equal([P1, P2], fromOneLine.RouteSet.Select(r => r.ToString()));
    }

    [Fact]
    public void UAS_dialog_takes_Record_Route_in_order_and_the_request_Contact_and_CSeq()
    {
        var dialog = SipDialog.CreateAsUas(Invite(P2, P1), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Equal(SipDialogState.Early, dialog.State);
        Assert.Equal([P2, P1], dialog.RouteSet.Select(r => r.ToString()));
        Assert.Equal("sip:alice@pc33.atlanta.example.com", dialog.RemoteTarget.ToString());
        Assert.Equal(InviteCSeq, dialog.RemoteCSeq);
        Assert.Equal(0u, dialog.LocalCSeq);
        Assert.Equal(BobTag, dialog.LocalTag);
        Assert.Equal(AliceTag, dialog.RemoteTag);
        Assert.Equal($"\"Bob\" <sip:bob@biloxi.example.com>;tag={BobTag}", dialog.LocalParty.ToString());
        Assert.Equal($"\"Alice\" <sip:alice@atlanta.example.com>;tag={AliceTag}", dialog.RemoteParty.ToString());
        Assert.Equal(new SipDialogId(CallId, BobTag, AliceTag), dialog.Id);

        dialog.Confirm();

        Assert.Equal(SipDialogState.Confirmed, dialog.State);
    }

    [Fact]
    public void Both_ends_route_the_same_path_in_opposite_directions()
    {
        var alice = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P2, P1]));
        var bob = SipDialog.CreateAsUas(Invite(P2, P1), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        var aliceBye = alice.CreateRequest("BYE", Via());
        var bobBye = bob.CreateRequest("BYE", Via());

        Assert.Equal("sip:bob@192.0.2.4", aliceBye.RequestUri.ToString());
        Assert.Equal([P1, P2], aliceBye.Headers.GetValues("Route"));
        Assert.Equal("sip:p1.atlanta.example.com;lr", alice.NextHop(aliceBye).ToString());
        Assert.Equal("sip:alice@pc33.atlanta.example.com", bobBye.RequestUri.ToString());
        Assert.Equal([P2, P1], bobBye.Headers.GetValues("Route"));
        Assert.Equal("sip:p2.biloxi.example.com;lr", bob.NextHop(bobBye).ToString());
    }

    [Fact]
    public void An_in_dialog_request_carries_the_dialog_identity_and_a_fresh_CSeq()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));
        var via = Via("z9hG4bKbye1");

        var bye = dialog.CreateRequest("BYE", via);

        Assert.Equal("BYE", bye.Method);
        Assert.Equal("sip:bob@192.0.2.4", bye.RequestUri.ToString());
        Assert.Equal(["SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKbye1"], bye.Headers.GetValues("Via"));
        Assert.Equal(70, bye.MaxForwards);
        Assert.Equal($"\"Alice\" <sip:alice@atlanta.example.com>;tag={AliceTag}", bye.Headers.Get("From"));
        Assert.Equal($"\"Bob\" <sip:bob@biloxi.example.com>;tag={BobTag}", bye.Headers.Get("To"));
        Assert.Equal(CallId, bye.CallId);
        Assert.Equal(new CSeqHeader(InviteCSeq + 1, "BYE"), bye.CSeq);
        Assert.False(bye.Headers.Contains("Route"));
        Assert.False(bye.Headers.Contains("Contact"));
        Assert.Equal("sip:bob@192.0.2.4", dialog.NextHop(bye).ToString());
        Assert.Equal(InviteCSeq + 1, dialog.LocalCSeq);
    }

    [Fact]
    public void Each_request_takes_the_next_CSeq_and_a_UAS_starts_at_1()
    {
        var uac = SipDialog.CreateAsUac(Invite(), Response(200));
        var uas = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Equal(
            [InviteCSeq + 1, InviteCSeq + 2, InviteCSeq + 3],
            new[] { "INVITE", "INFO", "BYE" }.Select(m => uac.CreateRequest(m, Via()).CSeq!.Value.Number));
        Assert.Equal([1u, 2u], new[] { "OPTIONS", "BYE" }.Select(m => uas.CreateRequest(m, Via()).CSeq!.Value.Number));
    }

    [Theory]
    [InlineData("INVITE", true)]
    [InlineData("UPDATE", true)]
    [InlineData("REFER", true)]
    [InlineData("NOTIFY", true)]
    [InlineData("SUBSCRIBE", true)]
    [InlineData("BYE", false)]
    [InlineData("INFO", false)]
    [InlineData("OPTIONS", false)]
    public void Target_refresh_and_subscription_requests_carry_our_Contact(string method, bool hasContact)
    {
        var dialog = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4:5070;transport=udp"));

        var request = dialog.CreateRequest(method, Via());

        Assert.Equal(hasContact ? "<sip:bob@192.0.2.4:5070;transport=udp>" : null, request.Headers.Get("Contact"));
    }

    [Fact]
    public void A_Via_without_branch_gets_a_fresh_RFC_3261_branch_and_the_argument_is_not_modified()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));
        var via = Via();

        var first = dialog.CreateRequest("INFO", via).TopVia!.Branch;
        var second = dialog.CreateRequest("INFO", via).TopVia!.Branch;

        Assert.StartsWith("z9hG4bK", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Null(via.Branch);
    }

    [Fact]
    public void Strict_routing_follows_the_RFC_3261_section_12_2_1_1_example()
    {
        // Route set <sip:proxy1>,<sip:proxy2>,<sip:proxy3;lr>,<sip:proxy4>, remote target sip:user@remoteua: the
        // RFC's request is "METHOD sip:proxy1" with Route <sip:proxy2>,<sip:proxy3;lr>,<sip:proxy4>,<sip:user@remoteua>.
        var response = Response(200, contact: "<sip:user@remoteua>", recordRoutes: ["<sip:proxy4>", "<sip:proxy3;lr>", "<sip:proxy2>", "<sip:proxy1>"]);
        var dialog = SipDialog.CreateAsUac(Invite(), response);

        var request = dialog.CreateRequest("INFO", Via());

        Assert.Equal("sip:proxy1", request.RequestUri.ToString());
        Assert.Equal(["<sip:proxy2>", "<sip:proxy3;lr>", "<sip:proxy4>", "<sip:user@remoteua>"], request.Headers.GetValues("Route"));
        Assert.Equal("sip:proxy1", dialog.NextHop(request).ToString());
    }

    [Fact]
    public void Strict_routing_strips_what_a_Request_URI_may_not_carry()
    {
        var response = Response(200, recordRoutes: ["<sip:proxy1;transport=udp;method=INVITE?X-Hdr=1>"]);
        var dialog = SipDialog.CreateAsUac(Invite(), response);

        var request = dialog.CreateRequest("BYE", Via());

        Assert.Equal("sip:proxy1;transport=udp", request.RequestUri.ToString());
        Assert.Equal(["<sip:bob@192.0.2.4>"], request.Headers.GetValues("Route"));
    }

    [Fact]
    public void ACK_for_a_2xx_reuses_the_INVITE_CSeq_takes_a_new_branch_and_goes_where_a_request_would()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P2, P1]));

        var ack = dialog.CreateAck(InviteCSeq, Via());

        Assert.Equal("ACK", ack.Method);
        Assert.Equal("sip:bob@192.0.2.4", ack.RequestUri.ToString());
        Assert.Equal([P1, P2], ack.Headers.GetValues("Route"));
        Assert.Equal(new CSeqHeader(InviteCSeq, "ACK"), ack.CSeq);
        Assert.StartsWith("z9hG4bK", ack.TopVia!.Branch, StringComparison.Ordinal);
        Assert.NotEqual(InviteBranch, ack.TopVia.Branch);
        Assert.Equal(BobTag, ack.To!.Tag);
        Assert.Equal(AliceTag, ack.From!.Tag);
        Assert.Equal(70, ack.MaxForwards);
        Assert.True(ack.Body.IsEmpty);
        Assert.Null(ack.ContentType);
        // The ACK does not move the local CSeq: the BYE after it takes INVITE + 1.
        Assert.Equal(InviteCSeq, dialog.LocalCSeq);
        Assert.Equal(InviteCSeq + 1, dialog.CreateRequest("BYE", Via()).CSeq!.Value.Number);
    }

    [Fact]
    public void ACK_to_a_delayed_offer_carries_the_SDP_answer()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));
        var answer = Encoding.UTF8.GetBytes("v=0\r\no=- 1 1 IN IP4 192.0.2.101\r\ns=-\r\nc=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\n");

        var ack = dialog.CreateAck(InviteCSeq, Via("z9hG4bKack1"), answer);

        Assert.Equal(answer, ack.Body.ToArray());
        Assert.Equal("application/sdp", ack.ContentType);
        Assert.True(ack.HasSdp);
        Assert.Equal("z9hG4bKack1", ack.TopVia!.Branch);
    }

    [Fact]
    public void A_1xx_with_a_To_tag_creates_an_early_dialog_that_a_2xx_confirms_with_its_own_route_set_and_target()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(180, contact: "<sip:bob@192.0.2.4;early>", recordRoutes: [P1]));

        Assert.Equal(SipDialogState.Early, dialog.State);
        Assert.Equal(BobTag, dialog.RemoteTag);
        Assert.Equal("sip:bob@192.0.2.4;early", dialog.RemoteTarget.ToString());
        Assert.Equal([P1], dialog.RouteSet.Select(r => r.ToString()));

        dialog.UpdateFromResponse(Response(200, recordRoutes: [P2, P1]));

        Assert.Equal(SipDialogState.Confirmed, dialog.State);
        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
        Assert.Equal([P1, P2], dialog.RouteSet.Select(r => r.ToString()));
        Assert.Equal(InviteCSeq, dialog.LocalCSeq);
    }

    [Fact]
    public void A_provisional_response_without_Contact_leaves_the_INVITE_Request_URI_as_target()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(183, contact: ""));

        Assert.Equal("sip:bob@biloxi.example.com", dialog.RemoteTarget.ToString());
    }

    [Theory]
    [InlineData(100, BobTag)]
    [InlineData(180, null)]
    [InlineData(486, BobTag)]
    public void Responses_that_create_no_dialog_are_refused(int statusCode, string? toTag)
    {
        Assert.Throws<ArgumentException>(() => SipDialog.CreateAsUac(Invite(), Response(statusCode, toTag)));
    }

    [Fact]
    public void While_early_the_dialog_follows_the_fork_whose_2xx_arrives()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(180, toTag: "fork1", contact: "<sip:bob@192.0.2.5>"));

        dialog.UpdateFromResponse(Response(200, toTag: "fork2", contact: "<sip:bob@192.0.2.6>"));

        Assert.Equal("fork2", dialog.RemoteTag);
        Assert.Equal("sip:bob@192.0.2.6", dialog.RemoteTarget.ToString());
        Assert.Equal(SipDialogState.Confirmed, dialog.State);
    }

    [Fact]
    public void Once_confirmed_another_2xx_to_the_INVITE_changes_nothing()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P1]));

        dialog.UpdateFromResponse(Response(200, toTag: "fork2", contact: "<sip:bob@192.0.2.6>", recordRoutes: [P2]));

        Assert.Equal(BobTag, dialog.RemoteTag);
        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
        Assert.Equal([P1], dialog.RouteSet.Select(r => r.ToString()));
    }

    [Fact]
    public void A_final_failure_ends_the_early_dialog()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(180));

        dialog.UpdateFromResponse(Response(486));

        Assert.Equal(SipDialogState.Terminated, dialog.State);
    }

    [Fact]
    public void A_2xx_to_a_re_INVITE_refreshes_the_remote_target_but_never_the_route_set()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P1]));
        var reInvite = dialog.CreateRequest("INVITE", Via());

        dialog.UpdateFromResponse(Response(200, contact: "<sip:bob@198.51.100.9:5080>", cseq: $"{reInvite.CSeq!.Value.Number} INVITE", recordRoutes: [P2]));

        Assert.Equal("sip:bob@198.51.100.9:5080", dialog.RemoteTarget.ToString());
        Assert.Equal([P1], dialog.RouteSet.Select(r => r.ToString()));
        Assert.Equal("sip:bob@198.51.100.9:5080", dialog.CreateRequest("BYE", Via()).RequestUri.ToString());
    }

    [Theory]
    [InlineData(481)]
    [InlineData(408)]
    public void A_481_or_408_to_an_in_dialog_request_terminates_the_dialog(int statusCode)
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));
        var options = dialog.CreateRequest("OPTIONS", Via());

        dialog.UpdateFromResponse(Response(statusCode, cseq: $"{options.CSeq!.Value.Number} OPTIONS"));

        Assert.Equal(SipDialogState.Terminated, dialog.State);
        Assert.Throws<InvalidOperationException>(() => dialog.CreateRequest("BYE", Via()));
    }

    [Fact]
    public void A_failed_re_INVITE_keeps_the_dialog()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));
        var reInvite = dialog.CreateRequest("INVITE", Via());

        dialog.UpdateFromResponse(Response(488, cseq: $"{reInvite.CSeq!.Value.Number} INVITE"));

        Assert.Equal(SipDialogState.Confirmed, dialog.State);
        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
    }

    [Fact]
    public void A_response_of_another_dialog_is_ignored()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(180));
        var other = Response(200, contact: "<sip:mallory@203.0.113.66>");
        other.Headers.Set("Call-ID", "other@example.com");

        dialog.UpdateFromResponse(other);

        Assert.Equal(SipDialogState.Early, dialog.State);
        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
    }

    [Fact]
    public void A_re_INVITE_from_the_peer_refreshes_the_remote_target()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));

        Assert.Null(dialog.AcceptRequest(FromBob("INVITE", 100, contact: "<sip:bob@198.51.100.20>")));

        Assert.Equal("sip:bob@198.51.100.20", dialog.RemoteTarget.ToString());
        Assert.Equal(100u, dialog.RemoteCSeq);
        Assert.Equal("sip:bob@198.51.100.20", dialog.CreateRequest("BYE", Via()).RequestUri.ToString());
    }

    [Fact]
    public void An_UPDATE_refreshes_the_target_and_other_requests_do_not()
    {
        var dialog = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Null(dialog.AcceptRequest(FromAlice("INFO", InviteCSeq + 1, contact: "<sip:alice@198.51.100.30>")));
        Assert.Equal("sip:alice@pc33.atlanta.example.com", dialog.RemoteTarget.ToString());
        Assert.Null(dialog.AcceptRequest(FromAlice("INVITE", InviteCSeq + 2)));
        Assert.Equal("sip:alice@pc33.atlanta.example.com", dialog.RemoteTarget.ToString());

        Assert.Null(dialog.AcceptRequest(FromAlice("UPDATE", InviteCSeq + 3, contact: "<sip:alice@198.51.100.31>")));

        Assert.Equal("sip:alice@198.51.100.31", dialog.RemoteTarget.ToString());
    }

    [Theory]
    [InlineData(InviteCSeq - 1)]
    [InlineData(InviteCSeq)]
    public void A_request_whose_CSeq_is_not_above_the_last_one_gets_500(uint cseq)
    {
        var dialog = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Equal((500, "CSeq out of order"), dialog.AcceptRequest(FromAlice("BYE", cseq)));
        Assert.Equal(InviteCSeq, dialog.RemoteCSeq);
    }

    [Fact]
    public void A_CSeq_may_jump_and_the_next_one_is_checked_against_it()
    {
        var dialog = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Null(dialog.AcceptRequest(FromAlice("INFO", InviteCSeq + 10)));
        Assert.Equal(InviteCSeq + 10, dialog.RemoteCSeq);

        Assert.Equal((500, "CSeq out of order"), dialog.AcceptRequest(FromAlice("INFO", InviteCSeq + 5)));
        Assert.Null(dialog.AcceptRequest(FromAlice("BYE", InviteCSeq + 11)));
    }

    [Fact]
    public void A_UAC_accepts_any_CSeq_for_the_first_request_of_the_peer()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));

        Assert.Null(dialog.AcceptRequest(FromBob("BYE", 1)));
        Assert.Equal(1u, dialog.RemoteCSeq);
    }

    [Fact]
    public void ACK_and_CANCEL_reuse_their_INVITE_CSeq_and_are_not_out_of_order()
    {
        var dialog = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Null(dialog.AcceptRequest(FromAlice("ACK", InviteCSeq)));
        var cancel = FromAlice("CANCEL", InviteCSeq);
        cancel.Headers.Set("To", "Bob <sip:bob@biloxi.example.com>");
        Assert.Null(dialog.AcceptRequest(cancel));
        Assert.Equal(InviteCSeq, dialog.RemoteCSeq);
    }

    [Fact]
    public void A_request_with_the_wrong_tags_or_for_a_terminated_dialog_gets_481()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));

        Assert.Equal((481, "Call/Transaction Does Not Exist"), dialog.AcceptRequest(FromBob("BYE", 5, toTag: "not-ours")));
        Assert.Equal((481, "Call/Transaction Does Not Exist"), dialog.AcceptRequest(FromBob("BYE", 5, fromTag: "another-fork")));
        Assert.Null(dialog.RemoteCSeq);

        dialog.Terminate();

        Assert.Equal((481, "Call/Transaction Does Not Exist"), dialog.AcceptRequest(FromBob("BYE", 6)));
    }

    [Theory]
    [InlineData("ACK")]
    [InlineData("CANCEL")]
    public void ACK_and_CANCEL_are_not_built_as_ordinary_requests(string method)
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200));

        Assert.Throws<ArgumentException>(() => dialog.CreateRequest(method, Via()));
        Assert.Equal(InviteCSeq, dialog.LocalCSeq);
    }

    [Fact]
    public void A_UAS_dialog_needs_an_initial_INVITE()
    {
        var reInvite = Invite();
        reInvite.Headers.Set("To", $"Bob <sip:bob@biloxi.example.com>;tag={BobTag}");

        Assert.Throws<ArgumentException>(() => SipDialog.CreateAsUas(reInvite, BobTag, SipUri.Parse("sip:bob@192.0.2.4")));
    }

    [Fact]
    public void The_dialog_id_of_a_received_message_matches_the_dialog_it_belongs_to()
    {
        var uac = SipDialog.CreateAsUac(Invite(), Response(200));
        var uas = SipDialog.CreateAsUas(Invite(), BobTag, SipUri.Parse("sip:bob@192.0.2.4"));

        Assert.Equal(uac.Id, SipDialogId.ForReceivedRequest(FromBob("BYE", 1)));
        Assert.Equal(uac.Id, SipDialogId.ForReceivedResponse(Response(200)));
        Assert.Equal(uas.Id, SipDialogId.ForReceivedRequest(FromAlice("BYE", InviteCSeq + 1)));
        Assert.Null(SipDialogId.ForReceivedRequest(Invite()));
    }

    [Fact]
    public void Properties_hand_out_copies()
    {
        var dialog = SipDialog.CreateAsUac(Invite(), Response(200, recordRoutes: [P1]));

        dialog.RemoteTarget.Host = "203.0.113.66";
        dialog.RouteSet[0].Uri.Host = "203.0.113.66";
        dialog.RemoteParty.Tag = "changed";

        Assert.Equal("sip:bob@192.0.2.4", dialog.RemoteTarget.ToString());
        Assert.Equal(P1, dialog.RouteSet[0].ToString());
        Assert.Equal(BobTag, dialog.RemoteTag);
    }
}
