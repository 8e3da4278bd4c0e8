using System.Globalization;
using System.Security.Cryptography;
using CallActors.Calls.Media;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Calls.Transfers;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;
using CallActors.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>Transfers, carried out inside the B2BUA by re-bridging (reference sip.md §2.4 A): the target is dialled as
/// a new leg on one relay side, so the kept party's media address never changes.
/// <list type="bullet">
/// <item>Blind: the target takes the original party's relay side; when it answers, the original party gets a BYE and
/// the target its slot. Nobody is re-INVITEd.</item>
/// <item>Attended: the kept party is held (re-INVITE a=sendonly) and the target takes the kept party's side, so the
/// original party consults with it. Completing releases the original party and takes the kept party off hold with an
/// offer for the original party's side (re-INVITE a=sendrecv): kept party and target end up on opposite sides.
/// Cancelling, or every target failing, takes the kept party off hold on its own side.</item>
/// <item>A REFER from an endpoint is consumed (202, NOTIFY sipfrag 100, then the final status): the party on the other
/// side of the referrer is transferred blind; the referrer is released after the final NOTIFY (it is expected to BYE).</item>
/// </list>
/// Every change is a <see cref="TransferUpdated"/> event. The recording follows relay sides, so it goes on through a
/// transfer.</summary>
public sealed partial class CallActor
{
    private const string ReleaseReferrerTimerKey = "release-referrer";

    /// <summary>How long a referrer has to BYE after the final NOTIFY before the node releases it (RFC 5589 §6).</summary>
    private static readonly TimeSpan ReferrerGrace = TimeSpan.FromSeconds(4);

    private readonly List<TransferState> _transfers = [];
    private ActiveTransfer? _transfer;
    private Consultation? _consultation;

    private void RecoverTransfer(TransferUpdated updated)
    {
        var index = _transfers.FindIndex(t => t.Id == updated.Transfer.Id);
        if (index >= 0)
        {
            _transfers[index] = updated.Transfer;
        }
        else
        {
            _transfers.Add(updated.Transfer);
        }
    }

    /// <summary>After a crash: a transfer the journal shows in progress lost its legs with the old process, so it ends
    /// as cancelled (node_restarted) instead of staying in progress for ever.</summary>
    private void SettleTransfersAfterRestart()
    {
        for (var i = 0; i < _transfers.Count; i++)
        {
            if (_transfers[i].IsFinal)
            {
                continue;
            }
            var after = TransferStateMachine.Apply(_transfers[i], new TransferInterrupted(Now));
            _transfers[i] = after;
            LogTransferInterrupted(_logger, _callId, after.Id);
            PersistAsync(new TransferUpdated(after), _ => { });
        }
    }

    // ---- requests -----------------------------------------------------------------------------------------------

    private void OnStartTransfer(StartTransfer start)
    {
        if (_started is null)
        {
            ReplyToQuery(new CallNotFound(_callId));
            return;
        }
        if (RefusalForControl() is { } refused)
        {
            Sender.Tell(refused, Self);
            return;
        }
        var request = start.Request;
        foreach (var target in (IEnumerable<string>)[request.TransferTo, .. request.Fallback])
        {
            if (ResolveTarget(target, out var problem) is null)
            {
                Sender.Tell(new CallControlRefused(404, "no_route", $"transfer target '{CallControlRefused.Shorten(target)}' cannot be dialled: {problem}"), Self);
                return;
            }
        }
        var kept = Leg(request.Leg == TransferLeg.Caller ? CallLeg.Caller : CallLeg.Callee);
        var original = Leg(kept.Side.Other());
        var state = TransferState.Request(
            NewTransferId(), _callId, request.Kind, request.Leg, TransferOrigin.Api, request.TransferTo, request.Fallback,
            request.WhenAllFail, null, Now);
        BeginTransfer(new ActiveTransfer(state, kept, original));
        Sender.Tell(new TransferAccepted(_transfer?.State ?? Latest(state.Id)), Self);
    }

    /// <summary>Why the call cannot take a transfer or a hold now, or null.</summary>
    private CallControlRefused? RefusalForControl()
    {
        if (IsEnded)
        {
            return new CallControlRefused(409, "call_ended", "the call has ended");
        }
        if (!IsAnswered)
        {
            return new CallControlRefused(409, "call_not_answered", "the call has not been answered yet");
        }
        if (_transfer is not null)
        {
            return new CallControlRefused(409, "transfer_in_progress", $"transfer {_transfer.State.Id} is still in progress");
        }
        if (_pendingRefer is not null)
        {
            return new CallControlRefused(409, "transfer_in_progress", "a REFER from one of the parties is being looked at");
        }
        if (_media is PassThroughMediaSession)
        {
            return new CallControlRefused(415, "media_not_anchored", "the call's media is not anchored by the node (callactors.media.relay = off), so its parties cannot be re-bridged");
        }
        if (HasPendingInvite() || _nodeInvites.Count > 0)
        {
            return new CallControlRefused(409, "reinvite_in_progress", "a re-INVITE is in progress on the call; try again in a moment");
        }
        return null;
    }

    private void OnCancelTransfer(CancelTransfer cancel)
    {
        if (_started is null)
        {
            ReplyToQuery(new CallNotFound(_callId));
            return;
        }
        if (ActiveTransferOrRefusal(cancel.TransferId) is not { } active)
        {
            return;
        }
        if (active.ByRefer || active.OutgoingRefer is not null)
        {
            Sender.Tell(new CallControlRefused(409, "transfer_not_cancellable", "the kept party is carrying this transfer out itself (REFER); it cannot be cancelled from here"), Self);
            return;
        }
        if (!TransferStateMachine.CanCancel(active.State))
        {
            Sender.Tell(new CallControlRefused(409, "transfer_not_cancellable", $"a {active.State.Kind.ToWireName()} transfer cannot be cancelled once it is {active.State.Status.ToWireName()}"), Self);
            return;
        }
        LogTransferCancelled(_logger, _callId, active.State.Id);
        UpdateTransfer(new CancelRequested(Now));
        if (active.Target is { } target)
        {
            AbandonLeg(target);
        }
        Reconnect(active);
        Sender.Tell(new TransferAccepted(active.State), Self);
    }

    private void OnCompleteTransfer(CompleteTransfer complete)
    {
        if (_started is null)
        {
            ReplyToQuery(new CallNotFound(_callId));
            return;
        }
        if (ActiveTransferOrRefusal(complete.TransferId) is not { } active)
        {
            return;
        }
        if (active.State.Kind != TransferKind.Attended || active.State.Origin != TransferOrigin.Api ||
            active.State.Status != TransferStatus.Answered || active.Target is null || active.Completing)
        {
            Sender.Tell(new CallControlRefused(409, "transfer_not_answered", $"only an attended transfer whose target has answered can be completed; this one is {active.State.Kind.ToWireName()} and {active.State.Status.ToWireName()}"), Self);
            return;
        }
        active.Completing = true;
        var target = active.Target;
        var kept = active.Kept;
        var original = active.Original;
        var originalSide = original.Side;
        _consultation = null;
        // The original party is released; the kept party moves to its relay side and is taken off hold there.
        Release(original);
        var offer = OfferFor(target, originalSide, SdpDirection.SendRecv);
        kept.Side = originalSide;
        target.Side = originalSide.Other();
        SetSlot(kept);
        SetSlot(target);
        var replyTo = Sender;
        var sent = offer is { } body && SendNodeReinvite(kept, body, ok =>
        {
            kept.Held = false;
            if (ok)
            {
                UpdateTransfer(new TargetBridged(Now));
                LogTransferCompleted(_logger, _callId, active.State.Id, target.Party);
                EndTransfer();
                replyTo.Tell(new TransferAccepted(Latest(active.State.Id)), Self);
            }
            else
            {
                replyTo.Tell(new CallControlRefused(502, "kept_party_refused", "the kept party refused to be taken off hold; the call is ended"), Self);
                FailBridgeAndHangUp(active);
            }
        });
        if (!sent)
        {
            replyTo.Tell(new CallControlRefused(502, "kept_party_unreachable", "the kept party cannot be reached to take it off hold; the call is ended"), Self);
            FailBridgeAndHangUp(active);
        }
    }

    // ---- REFER from an endpoint ----------------------------------------------------------------------------------

    private void OnRefer(LegState referrer, SipServerTransaction refer)
    {
        var request = refer.Request;
        var referTo = request.Headers.GetValues(SipHeaderNames.ReferTo).ToArray();
        if (referTo.Length != 1 || !TryParseReferTo(referTo[0], out var uri, out var replaces))
        {
            refer.SendResponse(SipResponse.CreateFor(request, 400, referTo.Length == 1 ? "Bad Refer-To" : "Exactly One Refer-To"));
            return;
        }
        if (_transfer is not null || _consultation is not null || _pendingRefer is not null || HasPendingInvite() || _nodeInvites.Count > 0 || !IsAnswered ||
            _media is PassThroughMediaSession || Peer(referrer) is not { Dialog.State: SipDialogState.Confirmed })
        {
            refer.SendResponse(SipResponse.CreateFor(request, 403, _transfer is not null || _pendingRefer is not null ? "Transfer In Progress" : "Transfer Not Possible Now"));
            return;
        }
        if (replaces is not null)
        {
            if (!ReplacesHeader.TryParse(replaces, out var dialog, out var error))
            {
                LogReferRefused(_logger, _callId, uri.ToString(), error ?? "bad Replaces");
                refer.SendResponse(SipResponse.CreateFor(request, 400, "Bad Replaces In Refer-To"));
                return;
            }
            if (_legs.ContainsKey(dialog.CallId))
            {
                refer.SendResponse(SipResponse.CreateFor(request, 403, "Replaces Names This Call"));
                return;
            }
            LookUpReplacedDialog(referrer, refer, uri, replaces, dialog);
            return;
        }
        AcceptRefer(referrer, refer, uri, null, null);
    }

    /// <summary>Carries a REFER out: to <paramref name="joined"/>'s party when its Replaces named a dialog of another
    /// call here (with the Replaces translated to the node's dialog with that party), otherwise to the Refer-To through
    /// the routes (with the Replaces, if any, as it came).</summary>
    private void AcceptRefer(LegState referrer, SipServerTransaction refer, SipUri uri, string? replaces, ReplacingTarget? joined)
    {
        var request = refer.Request;
        if (Peer(referrer) is not { Dialog.State: SipDialogState.Confirmed } kept || _transfer is not null)
        {
            refer.SendResponse(SipResponse.CreateFor(request, 403, "Transfer Not Possible Now"));
            return;
        }
        var target = uri.ToString();
        if (joined is null && ResolveTarget(target, out var problem) is null)
        {
            LogReferRefused(_logger, _callId, target, problem ?? "no route");
            refer.SendResponse(SipResponse.CreateFor(request, 403, "No Route For Refer-To"));
            return;
        }
        var accepted = SipResponse.CreateFor(request, 202, "Accepted");
        accepted.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(referrer.Protocol)).ToString());
        refer.SendResponse(accepted);

        var state = TransferState.Request(
            NewTransferId(), _callId, replaces is null ? TransferKind.Blind : TransferKind.Attended, ToTransferLeg(kept.Side),
            TransferOrigin.Refer, target, [], TransferFallbackAction.Reconnect, replaces, Now) with { ReplacedCallId = joined?.Found.CallId };
        var active = new ActiveTransfer(state, kept, referrer)
        {
            ReferEventId = request.CSeq?.Number.ToString(CultureInfo.InvariantCulture),
            Replaces = joined?.Found.PeerReplaces.ToString() ?? replaces,
            Joined = joined,
        };
        LogReferAccepted(_logger, _callId, referrer.Side.ToWireName(), target, replaces is not null);
        NotifyReferrer(active, "SIP/2.0 100 Trying", final: false);
        BeginTransfer(active);
    }

    /// <summary>A Refer-To value (name-addr or bare URI) to a SIP URI, with an embedded Replaces (RFC 3891 §5) taken
    /// out and unescaped.</summary>
    private static bool TryParseReferTo(string value, out SipUri uri, out string? replaces)
    {
        replaces = null;
        uri = null!;
        var text = value.Trim();
        if (!NameAddress.TryParse(text, out var address, out _))
        {
            if (!SipUri.TryParse(text, out var bare, out _))
            {
                return false;
            }
            address = new NameAddress(bare);
        }
        uri = address.Uri.Clone();
        if (!uri.IsSip)
        {
            return false;
        }
        if (uri.Headers is { } headers)
        {
            foreach (var header in headers.Split('&'))
            {
                var equals = header.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && header[..equals].Equals(SipHeaderNames.Replaces, StringComparison.OrdinalIgnoreCase))
                {
                    replaces = Uri.UnescapeDataString(header[(equals + 1)..]);
                }
            }
            uri.Headers = null;
        }
        return true;
    }

    private void NotifyReferrer(ActiveTransfer active, string sipfrag, bool final)
    {
        if (active.ReferEventId is not { } eventId || active.Original.Dialog is not { State: SipDialogState.Confirmed } dialog)
        {
            return;
        }
        var notify = dialog.CreateRequest(SipMethods.Notify, NewVia(active.Original.Protocol));
        notify.Headers.Add(SipHeaderNames.Event, "refer;id=" + eventId);
        notify.Headers.Add(SipHeaderNames.SubscriptionState, final ? "terminated;reason=noresource" : "active;expires=60");
        notify.Headers.Add(SipHeaderNames.UserAgent, _services.Options.UserAgent);
        notify.SetBody(System.Text.Encoding.ASCII.GetBytes(sipfrag + "\r\n"), "message/sipfrag;version=2.0");
        if (Destination(active.Original, dialog, notify) is { } destination)
        {
            _services.Transactions.SendRequest(notify, destination, Self);
        }
    }

    private void OnReleaseReferrer(ReleaseReferrer release)
    {
        if (_legs.TryGetValue(release.SipCallId, out var leg) && leg.Dialog is { State: SipDialogState.Confirmed })
        {
            LogReferrerReleased(_logger, _callId, leg.Side.ToWireName());
            SendBye(leg);
        }
    }

    // ---- carrying a transfer out ---------------------------------------------------------------------------------

    private void BeginTransfer(ActiveTransfer active)
    {
        _transfer = active;
        _transfers.Add(active.State);
        PersistAsync(new TransferUpdated(active.State), _ => { });
        LogTransferRequested(_logger, _callId, active.State.Id, active.State.Kind.ToWireName(), active.Kept.Side.ToWireName(), active.State.TransferTo);
        if (active.State.Kind == TransferKind.Attended && active.State.Origin == TransferOrigin.Api)
        {
            // The kept party waits on hold while the target is dialled and consulted.
            var hold = OfferFor(active.Original, active.Kept.Side, SdpDirection.SendOnly);
            if (hold is { } offer && SendNodeReinvite(active.Kept, offer, ok =>
                {
                    active.Kept.Held = ok;
                    if (ReferenceEquals(_transfer, active) && !active.State.IsFinal)
                    {
                        DialNextTarget();
                    }
                }))
            {
                return;
            }
        }
        DialNextTarget();
    }

    /// <summary>Dials the transfer's current target (the first, or the next after a failure).</summary>
    private void DialNextTarget()
    {
        if (_transfer is not { } active || active.State.Status != TransferStatus.Requested)
        {
            return;
        }
        UpdateTransfer(new DialStarted(Now));
        if (TryTransferByRefer(active, active.State.CurrentTarget ?? active.State.TransferTo))
        {
            return;
        }
        DialTarget(active);
    }

    /// <summary>Originates the leg to the current target (the transfer is dialing).</summary>
    private void DialTarget(ActiveTransfer active)
    {
        var targetText = active.State.CurrentTarget ?? active.State.TransferTo;
        var attended = active.State.Kind == TransferKind.Attended && active.State.Origin == TransferOrigin.Api;
        // Blind: the target takes the original party's side (offered the kept party's SDP). Attended: the kept party's
        // side (offered the original party's SDP), so that the original party consults with it.
        var side = attended ? active.Kept.Side : active.Original.Side;
        var offerFrom = attended ? active.Original : active.Kept;
        string? problem = null;
        var routed = active.Joined?.Routed ?? ResolveTarget(targetText, out problem);
        LegState? leg = null;
        if (routed is not null && offerFrom.LastSdp is { } sdp)
        {
            leg = Originate(LegPurpose.TransferTarget, side, routed, _media.Relay(side, sdp), IdentityOf(active.Kept), active.Replaces);
        }
        if (leg is null)
        {
            LogTransferTargetUnreachable(_logger, _callId, targetText, problem ?? "its address does not resolve");
            OnTransferTargetFailed(null, 404, routed is null ? TransferFailureCauses.NotFound : "unresolvable");
            return;
        }
        active.Target = leg;
    }

    private void OnTransferTargetProgress(LegState leg, int code)
    {
        if (_transfer is not { } active || !ReferenceEquals(active.Target, leg))
        {
            return;
        }
        UpdateTransfer(new TargetRinging(code, Now));
        if (code is 180 or 183)
        {
            NotifyReferrer(active, code == 180 ? "SIP/2.0 180 Ringing" : "SIP/2.0 183 Session Progress", final: false);
        }
    }

    private void OnTransferTargetAnswered(LegState leg, SipResponse response)
    {
        if (_transfer is not { } active || !ReferenceEquals(active.Target, leg))
        {
            AbandonLeg(leg);
            return;
        }
        UpdateTransfer(new TargetAnswered(Now));
        if (active.State.Kind == TransferKind.Attended && active.State.Origin == TransferOrigin.Api)
        {
            // The consultation: the target's answer points the kept party's (silent) side at the target.
            RelaySdp(leg, active.Original.Side, response);
            _consultation = new Consultation(active.Kept, active.Original, leg);
            LogConsultation(_logger, _callId, active.State.Id, leg.Party);
            return;
        }
        // Blind (and REFERs): the target's answer points the original party's side at the target; the kept party
        // still sends to the same relay address, so it needs no re-INVITE.
        RelaySdp(leg, active.Kept.Side, response);
        var original = active.Original;
        SetSlot(leg);
        MatchKeptPartyCodec(active.Kept, original, leg);
        UpdateTransfer(new TargetBridged(Now));
        LogTransferCompleted(_logger, _callId, active.State.Id, leg.Party);
        if (active.Joined is { } joined)
        {
            _directory.Tell(new DialogReplaced(joined.Found.ReplacedSipCallId, _callId), Self);
        }
        if (active.ReferEventId is not null)
        {
            NotifyReferrer(active, "SIP/2.0 200 OK", final: true);
            MarkReleased(original);
            Timers.StartSingleTimer(ReleaseReferrerTimerKey, new ReleaseReferrer(original.SipCallId!), ReferrerGrace);
        }
        else
        {
            Release(original);
        }
        EndTransfer();
    }

    /// <summary>The relay does not transcode: when the target answered with another first audio codec than the one the
    /// kept party was using with <paramref name="original"/>, the kept party is re-INVITEd with the target's SDP so that
    /// both send the same codec (RFC 3264 §8: a new offer may change the codec).</summary>
    private void MatchKeptPartyCodec(LegState kept, LegState original, LegState target)
    {
        var sending = FirstAudioCodec(original.LastSdp);
        var answered = FirstAudioCodec(target.LastSdp);
        if (sending is null || answered is null || string.Equals(sending, answered, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        LogCodecChange(_logger, _callId, kept.Side.ToWireName(), sending, answered);
        if (OfferFor(target, kept.Side, SdpDirection.SendRecv) is { } offer)
        {
            SendNodeReinvite(kept, offer, _ => { });
        }
    }

    /// <summary>"name/rate" of the first payload type of the first audio stream of a message's SDP (its rtpmap, else the
    /// static table; an unknown type by its number), or null.</summary>
    private static string? FirstAudioCodec(SipMessage? message)
    {
        if (message is null || !SdpParser.TryParse(message.Body.Span, out var sdp, out _) ||
            sdp.Media.FirstOrDefault(m => m.MediaType == "audio" && !m.IsDisabled) is not { } audio ||
            audio.PayloadTypes.Count == 0)
        {
            return null;
        }
        var first = audio.PayloadTypes[0];
        return (audio.GetRtpMap(first) ?? SdpRtpMap.Static(first)) is { } map
            ? $"{map.EncodingName}/{map.ClockRate.ToString(CultureInfo.InvariantCulture)}"
            : "pt" + first.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The target failed (a final error, no answer in time, or it hung up before the bridge); a null
    /// <paramref name="leg"/> is a target that could not even be dialled.</summary>
    private void OnTransferTargetFailed(LegState? leg, int? code, string? reason)
    {
        if (_transfer is not { } active || (leg is not null && !ReferenceEquals(active.Target, leg)))
        {
            return;
        }
        if (_consultation is not null && ReferenceEquals(_consultation.Target, leg))
        {
            _consultation = null;
        }
        active.Target = null;
        UpdateTransfer(new TargetFailed(code is >= 300 and < 700 ? code : null, reason, Now));
        var state = active.State;
        if (state.Status == TransferStatus.Requested)
        {
            LogTransferFallback(_logger, _callId, state.Id, state.CurrentTarget ?? "?");
            // The next target, from a fresh turn of the mailbox: the failure's own bookkeeping is done first.
            Self.Tell(TransferStepDue.Instance, Self);
            return;
        }
        LogTransferFailed(_logger, _callId, state.Id, state.FailureCause ?? "?", state.Outcome ?? "?");
        if (active.ReferEventId is not null)
        {
            var failedWith = code is >= 300 and < 700 ? code.Value : 503;
            NotifyReferrer(active, $"SIP/2.0 {failedWith.ToString(CultureInfo.InvariantCulture)} {SipStatusCodes.ReasonPhrase(failedWith)}", final: true);
        }
        if (state.Outcome == TransferOutcomes.HungUp)
        {
            EndTransfer();
            SendBye(active.Kept);
            SendBye(active.Original);
            Advance(new HungUp(HangupSource.Api, Now));
            return;
        }
        Reconnect(active);
    }

    private void OnTransferStepDue() => DialNextTarget();

    /// <summary>Back to how the call was before the transfer: an attended transfer takes the kept party off hold on its
    /// own side (pointing the other side back at the original party); a blind one never moved anyone.</summary>
    private void Reconnect(ActiveTransfer active)
    {
        _consultation = null;
        EndTransfer();
        if (!active.Kept.Held && !(active.State.Kind == TransferKind.Attended && active.State.Origin == TransferOrigin.Api))
        {
            return;
        }
        if (OfferFor(active.Original, active.Kept.Side, SdpDirection.SendRecv) is { } offer)
        {
            SendNodeReinvite(active.Kept, offer, ok => active.Kept.Held = !ok && active.Kept.Held);
        }
    }

    /// <summary>A BYE from one of the legs while a transfer is in progress (or from a released referrer); true when it
    /// is handled here and the call goes on (or ends the transfer's way).</summary>
    private bool OnLegHungUpDuringTransfer(LegState leg)
    {
        if (leg.Released)
        {
            Timers.Cancel(ReleaseReferrerTimerKey);
            return true;
        }
        if (_transfer is not { } active)
        {
            return false;
        }
        if (ReferenceEquals(leg, active.Target))
        {
            leg.Originated!.Abandoned = true;
            OnTransferTargetFailed(leg, null, "target_hung_up");
            return true;
        }
        if (ReferenceEquals(leg, active.Kept))
        {
            UpdateTransfer(new KeptPartyHungUp(Now));
            EndTransfer();
            return false;
        }
        if (ReferenceEquals(leg, active.Original))
        {
            UpdateTransfer(new OriginalPartyHungUp(Now));
            if (active.State.IsFinal)
            {
                // An attended transfer with nobody left to complete it: the kept party hangs up too.
                EndTransfer();
                return false;
            }
            // A blind transfer goes on without the party that asked for it.
            LogOriginalLeft(_logger, _callId, active.State.Id);
            return true;
        }
        return false;
    }

    /// <summary>The call is ending under a transfer: it is cancelled (the kept party is gone).</summary>
    private void EndTransferWithCall()
    {
        if (_transfer is not null)
        {
            UpdateTransfer(new KeptPartyHungUp(Now));
            EndTransfer();
        }
        _consultation = null;
    }

    private void FailBridgeAndHangUp(ActiveTransfer active)
    {
        UpdateTransfer(new TargetFailed(null, "kept_party_refused", Now));
        EndTransfer();
        SendBye(active.Kept);
        if (active.Target is { } target)
        {
            AbandonLeg(target);
        }
        Advance(new HungUp(HangupSource.Api, Now));
    }

    private void EndTransfer()
    {
        if (_transfer is { State.IsFinal: false })
        {
            return;
        }
        _transfer = null;
    }

    private void UpdateTransfer(TransferInput input)
    {
        if (_transfer is not { } active)
        {
            return;
        }
        var after = TransferStateMachine.Apply(active.State, input);
        if (ReferenceEquals(after, active.State))
        {
            return;
        }
        active.State = after;
        var index = _transfers.FindIndex(t => t.Id == after.Id);
        _transfers[index] = after;
        PersistAsync(new TransferUpdated(after), _ => { });
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /// <summary>Puts a leg in the slot of its relay side.</summary>
    private void SetSlot(LegState leg)
    {
        if (leg.Side == CallLeg.Caller)
        {
            _caller = leg;
        }
        else
        {
            _callee = leg;
        }
    }

    /// <summary>A party the call no longer bridges: BYE, and its late messages stay recorded on it.</summary>
    private void Release(LegState leg)
    {
        MarkReleased(leg);
        SendBye(leg);
    }

    private void MarkReleased(LegState leg)
    {
        leg.Released = true;
        if (leg.Originated is { } originated)
        {
            originated.Abandoned = true;
        }
        if (leg.SipCallId == _started?.CalleeCallId)
        {
            // The route's callee: its INVITE's late 2xx retransmissions are ACKed, not mistaken for a new fork.
            _calleeInvite = null;
        }
    }

    /// <summary>A transfer target (a SIP URI or a number) to a route of this call's account; null with the reason.</summary>
    private RoutedCall? ResolveTarget(string target, out string? problem) =>
        _services.Router.Dial(target, _services.Transport.AdvertisedHost, _started?.AccountId, out problem);

    private static NameAddress IdentityOf(LegState leg) =>
        SipUri.TryParse(leg.Party, out var uri, out _) ? new NameAddress(uri, leg.DisplayName) : new NameAddress(SipUri.Create("callactors", "invalid"));

    private static TransferLeg ToTransferLeg(CallLeg side) => side == CallLeg.Caller ? TransferLeg.Caller : TransferLeg.Callee;

    private TransferState Latest(string id) => _transfers.First(t => t.Id == id);

    private static string NewTransferId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The transfer in progress when it is <paramref name="id"/>; otherwise the sender is told why not (it has
    /// ended: 409; no such transfer: 404) and the answer is null.</summary>
    private ActiveTransfer? ActiveTransferOrRefusal(string id)
    {
        if (_transfer is { } active && active.State.Id == id)
        {
            return active;
        }
        Sender.Tell(_transfers.Any(t => t.Id == id)
            ? new CallControlRefused(409, "transfer_ended", $"transfer {id} has already ended")
            : NoSuchTransfer(id), Self);
        return null;
    }

    private static CallControlRefused NoSuchTransfer(string id) => new(404, "bad identifier", $"no transfer '{CallControlRefused.Shorten(id)}' on this call");

    /// <summary>The transfer being carried out: who is kept, who is the original party (the one released when it
    /// completes; for a REFER, the referrer), and the target leg being dialled.</summary>
    private sealed class ActiveTransfer(TransferState state, LegState kept, LegState original)
    {
        public TransferState State { get; set; } = state;

        public LegState Kept { get; } = kept;

        public LegState Original { get; } = original;

        public LegState? Target { get; set; }

        /// <summary>The CSeq of the REFER, for the NOTIFYs' <c>Event: refer;id=</c>; null for API transfers.</summary>
        public string? ReferEventId { get; init; }

        /// <summary>The Replaces the target's INVITE carries.</summary>
        public string? Replaces { get; init; }

        /// <summary>The party of another call here whose dialog the REFER's Replaces named, dialled directly.</summary>
        public ReplacingTarget? Joined { get; init; }

        public bool Completing { get; set; }

        /// <summary>The REFER the node sent the kept party (blind-transfer-by-refer), until it is answered.</summary>
        public SipClientTransaction? OutgoingRefer { get; set; }

        /// <summary>The kept party carries the current target out itself; the node waits for its final NOTIFY.</summary>
        public bool ByRefer { get; set; }

        /// <summary>The kept party refused a REFER: the node dials every target of this transfer itself.</summary>
        public bool ReferRefused { get; set; }
    }

    /// <summary>An attended transfer's consultation: the kept party on hold, the original party talking to the target.</summary>
    private sealed record Consultation(LegState Kept, LegState Consulting, LegState Target);

    private sealed record TransferStepDue
    {
        public static TransferStepDue Instance { get; } = new();
    }

    private sealed record ReleaseReferrer(string SipCallId);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} ({Kind}) of the {Leg} to {Target} requested")]
    private static partial void LogTransferRequested(ILogger logger, string callId, string transferId, string kind, string leg, string target);

    [LoggerMessage(EventId = 3041, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} completed; now bridged to {Target}")]
    private static partial void LogTransferCompleted(ILogger logger, string callId, string transferId, string target);

    [LoggerMessage(EventId = 3042, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} failed ({Cause}); {Outcome}")]
    private static partial void LogTransferFailed(ILogger logger, string callId, string transferId, string cause, string outcome);

    [LoggerMessage(EventId = 3043, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} moves on to the fallback target {Target}")]
    private static partial void LogTransferFallback(ILogger logger, string callId, string transferId, string target);

    [LoggerMessage(EventId = 3044, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} cancelled")]
    private static partial void LogTransferCancelled(ILogger logger, string callId, string transferId);

    [LoggerMessage(EventId = 3045, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId} consulting with {Target}")]
    private static partial void LogConsultation(ILogger logger, string callId, string transferId, string target);

    [LoggerMessage(EventId = 3046, Level = LogLevel.Information, Message = "Call {CallId}: REFER from the {Leg} to {Target} accepted (Replaces: {HasReplaces})")]
    private static partial void LogReferAccepted(ILogger logger, string callId, string leg, string target, bool hasReplaces);

    [LoggerMessage(EventId = 3047, Level = LogLevel.Information, Message = "Call {CallId}: REFER to {Target} refused: {Problem}")]
    private static partial void LogReferRefused(ILogger logger, string callId, string target, string problem);

    [LoggerMessage(EventId = 3048, Level = LogLevel.Information, Message = "Call {CallId}: the referrer ({Leg}) did not hang up after the final NOTIFY; releasing it")]
    private static partial void LogReferrerReleased(ILogger logger, string callId, string leg);

    [LoggerMessage(EventId = 3049, Level = LogLevel.Information, Message = "Call {CallId}: transfer target {Target} cannot be dialled: {Problem}")]
    private static partial void LogTransferTargetUnreachable(ILogger logger, string callId, string target, string problem);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Information, Message = "Call {CallId}: the transfer target answered {Answered}, the {Leg} was sending {Using}; re-INVITE it with the target's SDP")]
    private static partial void LogCodecChange(ILogger logger, string callId, string leg, string @using, string answered);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Warning, Message = "Call {CallId}: transfer {TransferId} was in progress when the node stopped; it is cancelled (node_restarted)")]
    private static partial void LogTransferInterrupted(ILogger logger, string callId, string transferId);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Information, Message = "Call {CallId}: the party that asked for transfer {TransferId} hung up; the transfer goes on")]
    private static partial void LogOriginalLeft(ILogger logger, string callId, string transferId);
}
