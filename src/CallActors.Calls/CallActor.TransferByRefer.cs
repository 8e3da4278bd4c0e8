using System.Globalization;
using System.Text;
using CallActors.Calls.Routing;
using CallActors.Calls.Status;
using CallActors.Calls.Transfers;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>A blind transfer carried out by the kept party itself (callactors.sip.calls.blind-transfer-by-refer): the node
/// sends it a REFER whose Refer-To is the target at the node's own address, so the party's new INVITE comes back
/// through the node as a call of its own, and follows the NOTIFY sipfrags of the implicit subscription (RFC 3515,
/// RFC 5589 §6): 1xx → ringing, 2xx → completed (the party then hangs up this call, which releases the original
/// party), 3xx–6xx → the next target or the end of the transfer (the party stays in this call). A party that did not list
/// REFER in its Allow, or refuses the REFER, is re-bridged by the node instead.</summary>
public sealed partial class CallActor
{
    private const string ReferOutTimerKey = "refer-out";
    private const string TransferredAwayTimerKey = "transferred-away";

    /// <summary>Added to the target route's ring timeout for the final NOTIFY to arrive.</summary>
    private static readonly TimeSpan ReferOutSlack = TimeSpan.FromSeconds(32);

    /// <summary>Sends the kept party a REFER for the transfer's current target; false when this transfer is not one to
    /// carry out by REFER (option off, not an API blind transfer, the party does not take REFER, or the target cannot be
    /// reached through the node under the same route).</summary>
    private bool TryTransferByRefer(ActiveTransfer active, string targetText)
    {
        if (!_services.Options.BlindTransferByRefer || active.ReferRefused || active.State.Kind != TransferKind.Blind ||
            active.State.Origin != TransferOrigin.Api || !Allows(active.Kept, SipMethods.Refer) ||
            active.Kept.Dialog is not { State: SipDialogState.Confirmed } dialog)
        {
            return false;
        }
        var routed = ResolveTarget(targetText, out _);
        if (routed is null || ReferToFor(targetText, routed) is not { } referTo)
        {
            return false;
        }
        var refer = dialog.CreateRequest(SipMethods.Refer, NewVia(active.Kept.Protocol));
        refer.Headers.Add(SipHeaderNames.ReferTo, new NameAddress(referTo).ToString());
        refer.Headers.Add(SipHeaderNames.ReferredBy, new NameAddress(LocalContact(active.Kept.Protocol)).ToString());
        refer.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(active.Kept.Protocol)).ToString());
        refer.Headers.Add(SipHeaderNames.UserAgent, _services.Options.UserAgent);
        if (Destination(active.Kept, dialog, refer) is not { } destination)
        {
            return false;
        }
        active.OutgoingRefer = _services.Transactions.SendRequest(refer, destination, Self);
        active.ByRefer = true;
        LogReferSent(_logger, _callId, active.State.Id, active.Kept.Side.ToWireName(), referTo.ToString());
        Timers.StartSingleTimer(ReferOutTimerKey, new ReferOutTimedOut(active.State.Id), routed.Route.RingTimeout + ReferOutSlack);
        return true;
    }

    /// <summary>The target at the node's address, when the node routes that the same way as the target itself.</summary>
    private SipUri? ReferToFor(string targetText, RoutedCall routed)
    {
        var user = CallRouter.UserOf(targetText);
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }
        var atNode = SipUri.Create(user, _services.Transport.AdvertisedHost, _services.Transport.AdvertisedPort);
        var again = _services.Router.Dial(atNode.ToString(), _services.Transport.AdvertisedHost, _started?.AccountId, out _);
        return again?.Route.Name == routed.Route.Name ? atNode : null;
    }

    private static bool Allows(LegState leg, string method) => leg.Allow.Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The kept party's answer to the REFER: 2xx, wait for the NOTIFYs; an error (or no answer), re-bridge.</summary>
    private void OnReferOutResponse(ActiveTransfer active, SipResponse response)
    {
        if (response.StatusCode < 200)
        {
            return;
        }
        active.OutgoingRefer = null;
        if (response.IsSuccess)
        {
            LogReferAcceptedByParty(_logger, _callId, active.State.Id, response.StatusCode);
            return;
        }
        ReferOutRefused(active, $"{response.StatusCode.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}");
    }

    private void ReferOutRefused(ActiveTransfer active, string why)
    {
        Timers.Cancel(ReferOutTimerKey);
        active.ReferRefused = true;
        active.ByRefer = false;
        LogReferRefusedByParty(_logger, _callId, active.State.Id, why);
        DialTarget(active);
    }

    /// <summary>A NOTIFY of the REFER's subscription from the kept party: answered 200, its sipfrag moves the transfer.</summary>
    private void OnReferOutNotify(ActiveTransfer active, SipServerTransaction notify)
    {
        var request = notify.Request;
        notify.SendResponse(SipResponse.CreateFor(request, 200));
        if (SipfragStatus(request) is not { } code)
        {
            return;
        }
        LogReferNotify(_logger, _callId, active.State.Id, code);
        if (code < 200)
        {
            if (code > 100)
            {
                UpdateTransfer(new TargetRinging(code, Now));
            }
            return;
        }
        Timers.Cancel(ReferOutTimerKey);
        active.ByRefer = false;
        if (code < 300)
        {
            UpdateTransfer(new TargetAnswered(Now));
            UpdateTransfer(new TargetBridged(Now));
            LogTransferCompleted(_logger, _callId, active.State.Id, active.State.CurrentTarget ?? active.State.TransferTo);
            EndTransfer();
            // The party hangs this call up now (RFC 5589 §6); if it does not, the node ends it.
            Timers.StartSingleTimer(TransferredAwayTimerKey, TransferredAwayGraceOver.Instance, ReferrerGrace);
            return;
        }
        OnTransferTargetFailed(null, code, null);
    }

    /// <summary>The status code of a message/sipfrag body ("SIP/2.0 180 Ringing"), or null.</summary>
    private static int? SipfragStatus(SipRequest notify)
    {
        var type = notify.Headers.Get(SipHeaderNames.ContentType);
        if (type is null || !type.StartsWith("message/sipfrag", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(notify.Body.Span);
        var line = text.Split('\n', 2)[0].Trim();
        var parts = line.Split(' ', 3);
        return parts.Length >= 2 && parts[0] == "SIP/2.0" &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and < 700
            ? code
            : null;
    }

    private void OnReferOutTimedOut(ReferOutTimedOut timedOut)
    {
        if (_transfer is not { } active || active.State.Id != timedOut.TransferId || !active.ByRefer)
        {
            return;
        }
        LogReferOutTimedOut(_logger, _callId, active.State.Id);
        active.ByRefer = false;
        OnTransferTargetFailed(null, null, null);
    }

    private void OnTransferredAwayGraceOver()
    {
        if (_started is null || IsEnded)
        {
            return;
        }
        LogTransferredAwayReleased(_logger, _callId);
        SendBye(_caller);
        SendBye(_callee);
        Advance(new HungUp(HangupSource.Api, Now));
    }

    private sealed record ReferOutTimedOut(string TransferId);

    private sealed record TransferredAwayGraceOver
    {
        public static TransferredAwayGraceOver Instance { get; } = new();
    }

    [LoggerMessage(EventId = 3070, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId}: REFER sent to the {Leg} for {ReferTo}")]
    private static partial void LogReferSent(ILogger logger, string callId, string transferId, string leg, string referTo);

    [LoggerMessage(EventId = 3071, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId}: the party accepted the REFER ({StatusCode})")]
    private static partial void LogReferAcceptedByParty(ILogger logger, string callId, string transferId, int statusCode);

    [LoggerMessage(EventId = 3072, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId}: the party refused the REFER ({Why}); the node dials the target itself")]
    private static partial void LogReferRefusedByParty(ILogger logger, string callId, string transferId, string why);

    [LoggerMessage(EventId = 3073, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId}: NOTIFY sipfrag {StatusCode}")]
    private static partial void LogReferNotify(ILogger logger, string callId, string transferId, int statusCode);

    [LoggerMessage(EventId = 3074, Level = LogLevel.Information, Message = "Call {CallId}: transfer {TransferId}: no final NOTIFY in time")]
    private static partial void LogReferOutTimedOut(ILogger logger, string callId, string transferId);

    [LoggerMessage(EventId = 3075, Level = LogLevel.Information, Message = "Call {CallId}: the transferred party did not hang up after its final NOTIFY; releasing both parties")]
    private static partial void LogTransferredAwayReleased(ILogger logger, string callId);
}
