using CallActors.Calls.Routing;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>An attended transfer a phone sets up itself across two calls of this node (RFC 5589 §7). The phone (A) talks
/// to B in call 1 and to C in call 2, and sends in call 1 a REFER whose Refer-To carries a Replaces naming its own
/// dialog of call 2. That dialog ends at the node, not at C, so the node translates it:
/// <list type="number">
/// <item>Call 1 asks the directory for the call holding that dialog (<see cref="FindReplacedDialog"/>); the REFER waits
/// for the answer.</item>
/// <item>Call 2 answers with C's address and a Replaces naming the node's own dialog with C
/// (<see cref="ReplacedDialogFound"/>), so that C, not the node, swaps its dialogs.</item>
/// <item>Call 1 carries the REFER out as a blind transfer of B to C with that Replaces. When C answers, B and C talk
/// through call 1's relay, A gets the final NOTIFY, and call 2 is told (<see cref="DialogReplaced"/>).</item>
/// <item>C hangs up its old dialog itself (RFC 3891 §3), which ends call 2 as usual; if it has not after a grace
/// period, call 2 releases both of its legs.</item>
/// </list>
/// A Replaces naming a dialog no call here holds goes to the target as it came.</summary>
public sealed partial class CallActor
{
    private const string ReplacesLookupTimerKey = "replaces-lookup";
    private const string ReplacedGraceTimerKey = "replaced-grace";

    /// <summary>How long the REFER waits for the call holding the replaced dialog to answer.</summary>
    private static readonly TimeSpan ReplacesLookupTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long the other party of a replaced dialog has to hang up that dialog itself.</summary>
    private static readonly TimeSpan ReplacedGrace = TimeSpan.FromSeconds(2);

    /// <summary>An INVITE with Replaces is answered at once (RFC 3891 §3); this only bounds a party that never does.</summary>
    private static readonly TimeSpan ReplacingInviteTimeout = TimeSpan.FromSeconds(30);

    private PendingRefer? _pendingRefer;

    // ---- the call holding the replaced dialog (call 2) ------------------------------------------------------------

    private void OnFindReplacedDialog(FindReplacedDialog find)
    {
        Sender.Tell(FindReplacedDialogAnswer(find), Self);
    }

    private object FindReplacedDialogAnswer(FindReplacedDialog find)
    {
        if (_started is null || IsEnded || !_legs.TryGetValue(find.SipCallId, out var leg) || leg.Released ||
            leg.Dialog is not { State: SipDialogState.Confirmed } dialog ||
            dialog.LocalTag != find.ToTag || dialog.RemoteTag != find.FromTag)
        {
            // RFC 3891 §3: no match is 481; here the REFER is refused rather than the dialog guessed at.
            return new ReplacedDialogRefused(true, "no confirmed dialog with that Call-ID and those tags");
        }
        if (_started.AccountId != find.AccountId)
        {
            return new ReplacedDialogRefused(true, "the dialog belongs to a call of another account");
        }
        if (_transfer is not null || _consultation is not null)
        {
            return new ReplacedDialogRefused(true, "the call holding the dialog is being transferred");
        }
        if (Peer(leg) is not { Dialog: { State: SipDialogState.Confirmed } peerDialog } peer || peer.Released)
        {
            return new ReplacedDialogRefused(true, "the call holding the dialog has nobody on its other side");
        }
        LogReplacedDialogFound(_logger, _callId, leg.Side.ToWireName(), find.AskedBy);
        return new ReplacedDialogFound(
            _callId,
            find.SipCallId,
            peerDialog.RemoteTarget,
            new ReplacesHeader(peerDialog.CallId, peerDialog.RemoteTag ?? string.Empty, peerDialog.LocalTag),
            peer.Party,
            peer.DisplayName);
    }

    /// <summary>Another call's transfer took the place of one of this call's legs.</summary>
    private void OnDialogReplaced(DialogReplaced replaced)
    {
        if (_started is null || IsEnded || !_legs.TryGetValue(replaced.SipCallId, out var leg))
        {
            return;
        }
        LogDialogReplaced(_logger, _callId, leg.Side.ToWireName(), replaced.ByCallId);
        Timers.StartSingleTimer(ReplacedGraceTimerKey, new ReplacedGraceOver(leg.SipCallId!), ReplacedGrace);
    }

    private void OnReplacedGraceOver(ReplacedGraceOver over)
    {
        if (_started is null || IsEnded || !_legs.TryGetValue(over.SipCallId, out var leg))
        {
            return;
        }
        // The other party kept its old dialog: the node ends both, as that party would have.
        LogReplacedLegsReleased(_logger, _callId);
        var peer = Peer(leg);
        SendBye(leg);
        if (peer is not null)
        {
            SendBye(peer);
        }
        AbandonOriginatedLegs();
        Advance(new Status.HungUp(leg.Side == CallLeg.Caller ? Status.HangupSource.Caller : Status.HangupSource.Callee, Now));
    }

    // ---- the call whose REFER carries the Replaces (call 1) -------------------------------------------------------

    /// <summary>Holds the REFER while the directory finds the call holding <paramref name="replaces"/>'s dialog.</summary>
    private void LookUpReplacedDialog(LegState referrer, SipServerTransaction refer, SipUri target, string replaces, ReplacesHeader dialog)
    {
        _pendingRefer = new PendingRefer(referrer, refer, target, replaces);
        _directory.Tell(new FindReplacedDialog(dialog.CallId, dialog.ToTag, dialog.FromTag, _started?.AccountId, _callId), Self);
        Timers.StartSingleTimer(ReplacesLookupTimerKey, ReplacesLookupTimedOut.Instance, ReplacesLookupTimeout);
    }

    private void OnReplacedDialogFound(ReplacedDialogFound found)
    {
        if (TakePendingRefer() is not { } pending)
        {
            return;
        }
        var route = new CallRoute("replaces", null, null, found.PeerTarget.ToString(), _started!.AccountId, ReplacingInviteTimeout);
        AcceptRefer(pending.Referrer, pending.Refer, pending.Target, pending.Replaces, new ReplacingTarget(found, new RoutedCall(route, found.PeerTarget)));
    }

    private void OnReplacedDialogRefused(ReplacedDialogRefused refused)
    {
        if (TakePendingRefer() is not { } pending)
        {
            return;
        }
        if (!refused.OnThisNode)
        {
            // Not a dialog of this node: the target may well know it; it gets the Replaces as it came.
            AcceptRefer(pending.Referrer, pending.Refer, pending.Target, pending.Replaces, null);
            return;
        }
        LogReferRefused(_logger, _callId, pending.Target.ToString(), refused.Reason);
        pending.Refer.SendResponse(SipResponse.CreateFor(pending.Refer.Request, 403, "Replaced Dialog Not Available"));
    }

    private void OnReplacesLookupTimedOut()
    {
        if (TakePendingRefer() is { } pending)
        {
            LogReferRefused(_logger, _callId, pending.Target.ToString(), "the call holding the replaced dialog did not answer");
            pending.Refer.SendResponse(SipResponse.CreateFor(pending.Refer.Request, 500, "Replaced Dialog Lookup Timed Out"));
        }
    }

    /// <summary>The REFER waiting for its lookup, if it can still be carried out (the call and the referrer are still
    /// up); otherwise it is answered here and null returned.</summary>
    private PendingRefer? TakePendingRefer()
    {
        if (_pendingRefer is not { } pending)
        {
            return null;
        }
        _pendingRefer = null;
        Timers.Cancel(ReplacesLookupTimerKey);
        if (IsEnded || pending.Referrer.Dialog is not { State: SipDialogState.Confirmed })
        {
            pending.Refer.SendResponse(SipResponse.CreateFor(pending.Refer.Request, 481));
            return null;
        }
        return pending;
    }

    /// <summary>A REFER waiting for the call holding its Replaces' dialog to answer.</summary>
    private sealed record PendingRefer(LegState Referrer, SipServerTransaction Refer, SipUri Target, string Replaces);

    /// <summary>The other party of a replaced dialog of another call, and how to reach it.</summary>
    private sealed record ReplacingTarget(ReplacedDialogFound Found, RoutedCall Routed);

    private sealed record ReplacesLookupTimedOut
    {
        public static ReplacesLookupTimedOut Instance { get; } = new();
    }

    private sealed record ReplacedGraceOver(string SipCallId);

    [LoggerMessage(EventId = 3060, Level = LogLevel.Information, Message = "Call {CallId}: the {Leg}'s dialog is to be replaced by a transfer in call {AskedBy}")]
    private static partial void LogReplacedDialogFound(ILogger logger, string callId, string leg, string askedBy);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Information, Message = "Call {CallId}: the {Leg}'s dialog was replaced by call {ByCallId}")]
    private static partial void LogDialogReplaced(ILogger logger, string callId, string leg, string byCallId);

    [LoggerMessage(EventId = 3062, Level = LogLevel.Information, Message = "Call {CallId}: the other party did not hang up its replaced dialog; releasing both legs")]
    private static partial void LogReplacedLegsReleased(ILogger logger, string callId);
}
