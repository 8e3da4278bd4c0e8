using System.Globalization;
using System.Text;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Calls.Transfers;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>Click-to-call sessions (third-party call control, RFC 3725 flow 1 with the node's own offer): the node calls
/// the caller with an offer of its relay's caller side; once the caller answers, it calls the callee with the caller's
/// answer (through the relay's callee side), and the call is answered when the callee answers. Also hold and unhold
/// by API (re-INVITE a=sendonly / a=sendrecv toward one party) and the legs view the sessions API shows.</summary>
public sealed partial class CallActor
{
    private SessionPlan? _session;

    private void OnStartSessionCall(StartSessionCall start)
    {
        if (_started is not null)
        {
            Sender.Tell(new CallControlRefused(409, "session_exists", $"session {_callId} already exists"), Self);
            return;
        }
        var request = start.Request;
        var calleeCallId = SipIds.NewCallId(_services.Transport.AdvertisedHost);
        var callerAddress = new NameAddress(start.CallerRoute.Target.Clone(), request.CallerDisplayName);
        _started = new CallStarted(
            _callId,
            _callId,
            calleeCallId,
            callerAddress.ToString(),
            new NameAddress(start.CalleeRoute.Target.Clone()).ToString(),
            start.CalleeRoute.Target.ToString(),
            null,
            start.CallerRoute.Target.Host + (start.CallerRoute.Target.Port is { } port ? ":" + port.ToString(CultureInfo.InvariantCulture) : string.Empty),
            start.CalleeRoute.Route.Name,
            request.AccountId,
            start.CalleeRoute.Target.ToString(),
            _services.Node,
            Now)
        {
            ClickToCall = true,
        };
        _status = CallStatusState.Start(_started.CreatedAt);
        PersistAsync(_started, _ => { });
        _session = new SessionPlan(request, start.CallerRoute, start.CalleeRoute, calleeCallId);
        LogSessionStarted(_logger, _callId, start.CallerRoute.Target.ToString(), start.CalleeRoute.Target.ToString());
        if (!OpenMedia())
        {
            Sender.Tell(new CallControlRefused(503, "media_unavailable", "the media relay has no ports left for another call"), Self);
            return;
        }
        // The node's own offer toward the caller: its relay's caller side, the G.711 codecs and DTMF events.
        var offer = _media.Relay(CallLeg.Caller, NodeOffer());
        var from = new NameAddress(SipUri.Create(CallRouter.UserOf(request.Callee), _services.Transport.AdvertisedHost), request.CallerDisplayName);
        var caller = Originate(LegPurpose.SessionCaller, CallLeg.Caller, start.CallerRoute, offer, from, null, _callId);
        if (caller is null)
        {
            Sender.Tell(new CallControlRefused(502, "unresolvable", $"the caller's route target {start.CallerRoute.Target} does not resolve to an address"), Self);
            Advance(new Rejected(502, SipHangupCauses.FromSipCode(502), Now));
            return;
        }
        caller.DisplayName = request.CallerDisplayName;
        _caller = caller;
        Sender.Tell(new SessionStarted(_callId), Self);
    }

    private void OnSessionCallerAnswered(LegState caller, SipResponse response)
    {
        var plan = _session!;
        if (!response.HasSdp)
        {
            LogSessionNoSdp(_logger, _callId);
            SendBye(caller);
            Advance(new CalleeRejected(488, Now));
            return;
        }
        var offer = RelaySdp(caller, CallLeg.Callee, response);
        var from = new NameAddress(SipUri.Create(CallRouter.UserOf(plan.Request.Caller), _services.Transport.AdvertisedHost), plan.Request.CallerDisplayName);
        var callee = Originate(LegPurpose.SessionCallee, CallLeg.Callee, plan.CalleeRoute, offer, from, null, plan.CalleeCallId);
        if (callee is null)
        {
            SendBye(caller);
            Advance(new CalleeRejected(502, Now));
            return;
        }
        _callee = callee;
    }

    private void OnSessionCalleeAnswered(LegState callee, SipResponse response)
    {
        if (response.HasSdp)
        {
            // Points the callee side at the callee; the caller already sends to the caller side.
            RelaySdp(callee, CallLeg.Caller, response);
        }
        Advance(new CalleeAnswered(callee.AnsweredAt ?? Now));
    }

    private void OnSessionLegFailed(LegState leg, int code)
    {
        if (IsEnded)
        {
            return;
        }
        if (leg.Originated!.Purpose == LegPurpose.SessionCallee)
        {
            SendBye(_caller);
        }
        Advance(new CalleeRejected(code, Now));
    }

    /// <summary>An SDP offer of the node's own (no party has sent one yet), as a message the relay can rewrite: no
    /// address of its own (0.0.0.0), so the relay's other side stays unpointed until the callee answers.</summary>
    private SipRequest NodeOffer()
    {
        var session = Random.Shared.NextInt64(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var sdp = string.Join("\r\n",
            "v=0",
            $"o=callactors {session} 1 IN IP4 {_services.Transport.AdvertisedHost}",
            "s=CallActors",
            "c=IN IP4 0.0.0.0",
            "t=0 0",
            "m=audio 9 RTP/AVP 8 0 101",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "a=sendrecv",
            string.Empty);
        var message = new SipRequest(SipMethods.Invite, SipUri.Create("callactors", _services.Transport.AdvertisedHost));
        message.SetBody(Encoding.ASCII.GetBytes(sdp), "application/sdp");
        return message;
    }

    // ---- hold -----------------------------------------------------------------------------------------------------

    private void OnHoldCall(HoldCall hold)
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
        var leg = Leg(hold.Party == TransferLeg.Caller ? CallLeg.Caller : CallLeg.Callee);
        if (leg.Held == hold.Hold)
        {
            Sender.Tell(new CallControlRefused(409, hold.Hold ? "already_held" : "not_held", $"the {hold.Party.ToWireName()} is {(hold.Hold ? "already" : "not")} on hold"), Self);
            return;
        }
        var other = Leg(leg.Side.Other());
        var replyTo = Sender;
        var offer = OfferFor(other, leg.Side, hold.Hold ? SdpDirection.SendOnly : SdpDirection.SendRecv);
        var sent = offer is { } body && SendNodeReinvite(leg, body, ok =>
        {
            if (ok)
            {
                leg.Held = hold.Hold;
                LogHoldChanged(_logger, _callId, hold.Party.ToWireName(), hold.Hold);
                replyTo.Tell(new HoldChanged(_callId, hold.Party, hold.Hold), Self);
            }
            else
            {
                replyTo.Tell(new CallControlRefused(502, "reinvite_refused", $"the {hold.Party.ToWireName()} refused the {(hold.Hold ? "hold" : "unhold")} re-INVITE"), Self);
            }
        });
        if (!sent)
        {
            Sender.Tell(new CallControlRefused(409, "no_media_to_offer", $"the {hold.Party.ToWireName()} cannot be re-INVITEd now (no SDP or no address)"), Self);
        }
    }

    // ---- legs view --------------------------------------------------------------------------------------------------

    private CallLegList LegList()
    {
        var legs = new List<CallLegView> { View(_caller, "caller"), View(_callee, "callee") };
        if (_transfer?.Target is { } target)
        {
            legs.Add(View(target, "transfer_target"));
        }
        return new CallLegList(_callId, _started!.ClickToCall, legs);
    }

    private CallLegView View(LegState leg, string name)
    {
        string status;
        if (leg.Released || leg.Dialog is { State: SipDialogState.Terminated } || (IsEnded && leg.AnsweredAt is not null) || leg.Originated is { Abandoned: true })
        {
            status = "ended";
        }
        else if (leg.AnsweredAt is not null || leg.Dialog is { State: SipDialogState.Confirmed })
        {
            status = "answered";
        }
        else if (IsEnded)
        {
            status = "ended";
        }
        else
        {
            status = leg.Originated is { RingingSeen: true } || leg.Dialog is { State: SipDialogState.Early } ? "ringing" : "dialing";
        }
        return new CallLegView(name, leg.SipCallId ?? string.Empty, leg.Party, leg.DisplayName, leg.Route, leg.StartedAt, leg.AnsweredAt, status, leg.Held);
    }

    private sealed record SessionPlan(SessionRequest Request, RoutedCall CallerRoute, RoutedCall CalleeRoute, string CalleeCallId);

    [LoggerMessage(EventId = 3060, Level = LogLevel.Information, Message = "Call {CallId}: click-to-call session, calling {Caller} first, then {Callee}")]
    private static partial void LogSessionStarted(ILogger logger, string callId, string caller, string callee);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Warning, Message = "Call {CallId}: the session's caller answered without SDP; hanging up")]
    private static partial void LogSessionNoSdp(ILogger logger, string callId);

    [LoggerMessage(EventId = 3062, Level = LogLevel.Information, Message = "Call {CallId}: the {Party} on hold by the API: {Held}")]
    private static partial void LogHoldChanged(ILogger logger, string callId, string party, bool held);
}

/// <summary>Sent by the calls directory to a new call actor: start a click-to-call session with the routes it found for
/// both parties. The actor replies to the original asker (<see cref="SessionStarted"/> or
/// <see cref="CallControlRefused"/>).</summary>
public sealed record StartSessionCall(SessionRequest Request, RoutedCall CallerRoute, RoutedCall CalleeRoute);
