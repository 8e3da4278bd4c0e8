using CallActors.Calls.Routing;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>Legs the node originates on its own account (a transfer target, both parties of a click-to-call session)
/// and the node's own re-INVITEs (hold, unhold, moving a party to the other relay side). The route's callee leg keeps
/// its B2BUA code in CallActor.cs: its responses are relayed to the caller, these are not.</summary>
public sealed partial class CallActor
{
    private const string LegRingTimerPrefix = "leg-ring:";

    // The node's own re-INVITEs in progress, with what to do once each is answered (true: 2xx).
    private readonly Dictionary<SipClientTransaction, NodeReinvite> _nodeInvites = [];

    /// <summary>Sends an INVITE with <paramref name="offer"/> to <paramref name="routed"/>'s target as a new leg on
    /// relay side <paramref name="side"/>; null when the target does not resolve to an address.</summary>
    private LegState? Originate(LegPurpose purpose, CallLeg side, RoutedCall routed, ReadOnlyMemory<byte> offer, NameAddress from, string? replaces, string? sipCallId = null)
    {
        var target = routed.Target;
        var protocol = target.Transport == "tcp" ? SipProtocol.Tcp : SipProtocol.Udp;
        var leg = new LegState(side)
        {
            SipCallId = sipCallId ?? SipIds.NewCallId(_services.Transport.AdvertisedHost),
            LocalTag = SipIds.NewTag(),
            Protocol = protocol,
            Party = target.ToString(),
            Route = routed.Route.Name,
            StartedAt = Now,
            Originated = new OriginatedLeg(purpose),
        };
        var request = new SipRequest(SipMethods.Invite, target.Clone());
        request.Headers.Add(SipHeaderNames.Via, NewVia(protocol).ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, "70");
        var fromHeader = from.Clone();
        fromHeader.Tag = leg.LocalTag;
        request.Headers.Add(SipHeaderNames.From, fromHeader.ToString());
        var to = new NameAddress(target.Clone());
        to.Uri.Parameters.Remove("transport");
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, leg.SipCallId);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(1, SipMethods.Invite).ToString());
        request.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(protocol)).ToString());
        request.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
        request.Headers.Add(SipHeaderNames.UserAgent, _services.Options.UserAgent);
        if (replaces is not null)
        {
            request.Headers.Add(SipHeaderNames.Replaces, replaces);
        }
        request.SetBody(offer, "application/sdp");

        var destination = _services.Resolver.Resolve(request.RequestUri, protocol);
        if (destination is null)
        {
            LogUnresolvable(_logger, _callId, request.RequestUri.ToString());
            return null;
        }
        if (leg.SipCallId == _callId)
        {
            // A session's caller leg carries the call's own id, which the directory already routes here.
            _legs[_callId] = leg;
        }
        else
        {
            RegisterLeg(leg);
        }
        leg.Originated.Invite = _services.Transactions.SendRequest(request, destination.Value, Self);
        Timers.StartSingleTimer(LegRingTimerPrefix + leg.SipCallId, new LegRingTimeout(leg.SipCallId), routed.Route.RingTimeout);
        LogOriginated(_logger, _callId, purpose.ToString(), target.ToString(), side.ToWireName());
        return leg;
    }

    /// <summary>The leg an originated INVITE's transaction belongs to, if any.</summary>
    private LegState? OriginatedLegOf(SipTransaction transaction) =>
        LegOf(transaction.Request) is { Originated: { } originated } leg && ReferenceEquals(originated.Invite, transaction) ? leg : null;

    private void OnOriginatedResponse(LegState leg, SipClientTransaction transaction, SipResponse response)
    {
        var originated = leg.Originated!;
        var code = response.StatusCode;
        if (code == 100)
        {
            return;
        }
        if (code < 200)
        {
            if (response.To?.Tag is not null && leg.Dialog is null)
            {
                leg.Dialog = SipDialog.CreateAsUac(transaction.Request, response);
            }
            if (originated.CancelOnProvisional)
            {
                CancelOriginated(leg);
                return;
            }
            if (!originated.Abandoned && !originated.RingingSeen && code > 100)
            {
                originated.RingingSeen = true;
                OnOriginatedProgress(leg, code);
            }
            return;
        }

        if (response.IsSuccess)
        {
            var tag = response.To?.Tag;
            if (leg.Dialog is { State: not SipDialogState.Early } existing)
            {
                if (existing.RemoteTag == tag)
                {
                    if (_acksSent.TryGetValue(transaction, out var again))
                    {
                        _services.Transactions.SendStateless(again, transaction.Destination);
                    }
                    return;
                }
                // Another fork answered too: acknowledge and release it (RFC 3261 §13.2.2.4).
                AckAndBye(leg, SipDialog.CreateAsUac(transaction.Request, response), transaction);
                return;
            }
            if (leg.Dialog is null || leg.Dialog.RemoteTag != tag)
            {
                leg.Dialog = SipDialog.CreateAsUac(transaction.Request, response);
            }
            else
            {
                leg.Dialog.UpdateFromResponse(response);
            }
            Timers.Cancel(LegRingTimerPrefix + leg.SipCallId);
            var ack = leg.Dialog.CreateAck(transaction.Request.CSeq!.Value.Number, NewVia(leg.Protocol));
            _acksSent[transaction] = ack;
            _services.Transactions.SendStateless(ack, transaction.Destination);
            if (originated.Abandoned || IsEnded)
            {
                SendBye(leg);
                return;
            }
            leg.AnsweredAt = Now;
            leg.Allow = response.Headers.GetValues(SipHeaderNames.Allow);
            if (response.HasSdp)
            {
                leg.LastSdp = response;
            }
            OnOriginatedAnswered(leg, response);
            return;
        }

        Timers.Cancel(LegRingTimerPrefix + leg.SipCallId);
        leg.Dialog?.Terminate();
        if (originated.Abandoned)
        {
            return;
        }
        originated.Abandoned = true;
        // Our own CANCEL on the ring timeout comes back as 487: that is "no answer".
        OnOriginatedFailed(leg, originated.TimedOut && code == 487 ? 480 : code);
    }

    private void OnOriginatedTimedOut(LegState leg)
    {
        var originated = leg.Originated!;
        leg.Dialog?.Terminate();
        if (originated.Abandoned)
        {
            return;
        }
        originated.Abandoned = true;
        OnOriginatedFailed(leg, 408);
    }

    private void OnLegRingTimeout(LegRingTimeout timeout)
    {
        if (!_legs.TryGetValue(timeout.SipCallId, out var leg) || leg.Originated is not { Abandoned: false } originated || leg.AnsweredAt is not null)
        {
            return;
        }
        LogLegRingTimeout(_logger, _callId, leg.Party);
        originated.TimedOut = true;
        CancelOriginated(leg);
    }

    /// <summary>Gives up on an originated leg: BYE once answered, CANCEL while it rings (after its first provisional
    /// response, RFC 3261 §9.1). Its failure is not reported: the caller of this decided already.</summary>
    private void AbandonLeg(LegState leg)
    {
        if (leg.Originated is not { } originated)
        {
            SendBye(leg);
            return;
        }
        originated.Abandoned = true;
        Timers.Cancel(LegRingTimerPrefix + leg.SipCallId);
        if (leg.Dialog is { State: SipDialogState.Confirmed })
        {
            SendBye(leg);
            return;
        }
        CancelOriginated(leg);
    }

    private void CancelOriginated(LegState leg)
    {
        var originated = leg.Originated!;
        if (originated.Invite is not { } invite || originated.CancelSent || invite.LastResponse is { StatusCode: >= 200 })
        {
            return;
        }
        if (invite.LastResponse is null)
        {
            originated.CancelOnProvisional = true;
            return;
        }
        originated.CancelSent = true;
        originated.CancelOnProvisional = false;
        _services.Transactions.SendRequest(invite.CreateCancel(), invite.Destination, Self);
    }

    /// <summary>The call ended (or its parties did): every originated leg still up or ringing is released.</summary>
    private void AbandonOriginatedLegs()
    {
        foreach (var leg in _legs.Values.ToArray())
        {
            if (leg.Originated is { Abandoned: false })
            {
                AbandonLeg(leg);
            }
        }
    }

    private void OnOriginatedProgress(LegState leg, int code)
    {
        switch (leg.Originated!.Purpose)
        {
            case LegPurpose.TransferTarget:
                OnTransferTargetProgress(leg, code);
                break;
            case LegPurpose.SessionCallee:
                Advance(new Status.CalleeProgress(code, Now));
                break;
        }
    }

    private void OnOriginatedAnswered(LegState leg, SipResponse response)
    {
        switch (leg.Originated!.Purpose)
        {
            case LegPurpose.TransferTarget:
                OnTransferTargetAnswered(leg, response);
                break;
            case LegPurpose.SessionCaller:
                OnSessionCallerAnswered(leg, response);
                break;
            case LegPurpose.SessionCallee:
                OnSessionCalleeAnswered(leg, response);
                break;
        }
    }

    private void OnOriginatedFailed(LegState leg, int code)
    {
        LogOriginatedFailed(_logger, _callId, leg.Party, code);
        switch (leg.Originated!.Purpose)
        {
            case LegPurpose.TransferTarget:
                OnTransferTargetFailed(leg, code, null);
                break;
            case LegPurpose.SessionCaller:
            case LegPurpose.SessionCallee:
                OnSessionLegFailed(leg, code);
                break;
        }
    }

    // ---- the node's own re-INVITEs --------------------------------------------------------------------------------

    /// <summary>Sends a re-INVITE with <paramref name="offer"/> on <paramref name="leg"/>'s dialog; once answered, the
    /// answer points the leg's relay side at the party, and <paramref name="then"/> runs (true for a 2xx). False when
    /// the leg cannot take one now (no confirmed dialog, or no address).</summary>
    private bool SendNodeReinvite(LegState leg, ReadOnlyMemory<byte> offer, Action<bool>? then)
    {
        if (leg.Dialog is not { State: SipDialogState.Confirmed } dialog)
        {
            return false;
        }
        var request = dialog.CreateRequest(SipMethods.Invite, NewVia(leg.Protocol));
        request.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
        request.Headers.Add(SipHeaderNames.UserAgent, _services.Options.UserAgent);
        request.SetBody(offer, "application/sdp");
        if (Destination(leg, dialog, request) is not { } destination)
        {
            return false;
        }
        var client = _services.Transactions.SendRequest(request, destination, Self);
        _nodeInvites[client] = new NodeReinvite(leg, then);
        return true;
    }

    private void OnNodeReinviteResponse(SipClientTransaction transaction, NodeReinvite reinvite, SipResponse response)
    {
        if (response.StatusCode < 200)
        {
            return;
        }
        _nodeInvites.Remove(transaction);
        var leg = reinvite.Leg;
        if (response.IsSuccess && leg.Dialog is { } dialog)
        {
            dialog.UpdateFromResponse(response);
            var ack = dialog.CreateAck(transaction.Request.CSeq!.Value.Number, NewVia(leg.Protocol));
            _acksSent[transaction] = ack;
            _services.Transactions.SendStateless(ack, transaction.Destination);
            if (response.HasSdp && !IsEnded)
            {
                // The answer says where the party now receives: its relay side follows (the body is not sent on).
                RelaySdp(leg, leg.Side.Other(), response);
            }
        }
        else
        {
            LogReinviteRefused(_logger, _callId, leg.Side.ToWireName(), response.StatusCode);
        }
        reinvite.Then?.Invoke(response.IsSuccess);
    }

    /// <summary>The offer for a re-INVITE toward the party on <paramref name="toward"/>'s side: what <paramref name="source"/> last sent,
    /// through the relay, with every stream's direction set.</summary>
    private ReadOnlyMemory<byte>? OfferFor(LegState source, CallLeg toward, SdpDirection direction)
    {
        if (source.LastSdp is not { } message)
        {
            return null;
        }
        var body = _media.Relay(toward, message);
        if (!SdpParser.TryParse(body.Span, out var sdp, out _))
        {
            return null;
        }
        for (var i = 0; i < sdp.Media.Count; i++)
        {
            if (!sdp.Media[i].IsDisabled)
            {
                sdp.SetDirection(i, direction);
            }
        }
        sdp.BumpVersion();
        return sdp.ToBytes();
    }

    private enum LegPurpose
    {
        TransferTarget,
        SessionCaller,
        SessionCallee,
    }

    private sealed class OriginatedLeg(LegPurpose purpose)
    {
        public LegPurpose Purpose { get; } = purpose;

        public SipClientTransaction? Invite { get; set; }

        public bool RingingSeen { get; set; }

        public bool CancelOnProvisional { get; set; }

        public bool CancelSent { get; set; }

        /// <summary>The ring timeout cancelled it.</summary>
        public bool TimedOut { get; set; }

        /// <summary>Given up, failed or released: a late 2xx is acknowledged and hung up, nothing more is reported.</summary>
        public bool Abandoned { get; set; }
    }

    private sealed record NodeReinvite(LegState Leg, Action<bool>? Then);

    private sealed record LegRingTimeout(string SipCallId);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Call {CallId}: dialling {Target} ({Purpose}) as the {Side}")]
    private static partial void LogOriginated(ILogger logger, string callId, string purpose, string target, string side);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Call {CallId}: leg to {Target} failed with {StatusCode}")]
    private static partial void LogOriginatedFailed(ILogger logger, string callId, string target, int statusCode);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Information, Message = "Call {CallId}: leg to {Target} was not answered in time; cancelling it")]
    private static partial void LogLegRingTimeout(ILogger logger, string callId, string target);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "Call {CallId}: the {Leg} refused the node's re-INVITE with {StatusCode}")]
    private static partial void LogReinviteRefused(ILogger logger, string callId, string leg, int statusCode);
}
