using CallActors.Actors;
using CallActors.Calls.Dialogue;
using CallActors.Calls.Recording;
using CallActors.Calls.Status;
using CallActors.Persistence;
using CallActors.Sip.Dialogs;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>
/// One phone call, as a persistent actor (persistence id <c>call-&lt;Call-ID&gt;</c>, the caller's SIP Call-ID). It
/// is the back-to-back user agent of the call: the UAS toward the caller, the UAC toward the callee, each leg with its
/// own dialog, Call-ID, tags and CSeq. It records every SIP message of both legs as a dialogue chunk and the call's
/// status changes as events. Transactions and dialogs live in memory only: a node that restarts finalises the calls
/// it was bridging (<see cref="FinishAfterRestart"/>). Events are recorded with PersistAsync: SIP does not wait for
/// the disk (a 200 OK is relayed at once), and what a crash can lose is the last few milliseconds of a call the
/// restart finalises as failed anyway.
/// </summary>
public sealed partial class CallActor : PersistentActor, IWithTimers
{
    private const string RingTimerKey = "ring-timeout";
    private const string PassivateTimerKey = "passivate";
    private const string RecordTimerKey = "record-chunks";

    /// <summary>How long traced messages wait to be recorded together: a call's INVITE/100/180/200/ACK arrive within a
    /// few milliseconds, and one row for them costs the journal a fraction of five.</summary>
    private static readonly TimeSpan RecordDelay = TimeSpan.FromMilliseconds(50);

    private readonly string _callId;
    private readonly CallServices _services;
    private readonly IActorRef _directory;
    private readonly ILogger _logger;
    private readonly List<DialogueChunk> _dialogue = [];
    private readonly List<DialogueChunk> _unrecorded = [];
    private CallStarted? _started;
    private CallStatusState? _status;

    // Live B2BUA state: the two legs, the transactions relayed between them, the ACKs owed end to end.
    // The two parties bridged now, by relay side: a transfer or a click-to-call session puts other legs in these slots.
    private LegState _caller = new(CallLeg.Caller);
    private LegState _callee = new(CallLeg.Callee);
    // Every leg the call has had, by SIP Call-ID (retired ones too: their late BYE answers and retransmissions).
    private readonly Dictionary<string, LegState> _legs = new(StringComparer.Ordinal);
    private readonly Dictionary<SipClientTransaction, SipServerTransaction> _relayed = [];
    private readonly Dictionary<(LegState From, uint CSeq), SipClientTransaction> _acksOwed = [];
    private readonly Dictionary<SipClientTransaction, SipRequest> _acksSent = [];
    private SipServerTransaction? _callerInvite;
    private SipClientTransaction? _calleeInvite;
    private uint _calleeCSeq;
    private bool _cancelCalleeOnProvisional;
    private bool _calleeCancelSent;
    private int _redirects;

    public CallActor(string callId, CallServices services, IActorRef directory)
    {
        _callId = callId;
        _services = services;
        _directory = directory;
        _logger = services.LoggerFactory.CreateLogger<CallActor>();

        Recover<CallStarted>(e =>
        {
            _started = e;
            _status = CallStatusState.Start(e.CreatedAt);
        });
        Recover<SipMessagesRecorded>(e => _dialogue.AddRange(e.Chunks));
        Recover<CallRinging>(e => _status = e.Status);
        Recover<CallAnswered>(e => _status = e.Status);
        Recover<CallEnded>(e => _status = e.Status);
        Recover<MediaStatsSampled>(RecoverMedia);
        Recover<RecordingUpdated>(RecoverRecording);
        Recover<TransferUpdated>(RecoverTransfer);

        Command<SipMessageTraced>(OnTraced);
        Command<StartCall>(OnStartCall);
        Command<SipResponseArrived>(OnResponse);
        Command<SipRequestArrived>(OnRequest);
        Command<SipAckArrived>(OnAck);
        Command<SipTransactionTimedOut>(OnTimeout);
        Command<RingTimeoutElapsed>(_ => OnRingTimeout());
        Command<LegRingTimeout>(OnLegRingTimeout);
        Command<StartTransfer>(OnStartTransfer);
        Command<GetTransfers>(_ => ReplyToQuery(_started is null ? new CallNotFound(_callId) : new TransferList(_transfers.ToArray())));
        Command<CancelTransfer>(OnCancelTransfer);
        Command<CompleteTransfer>(OnCompleteTransfer);
        Command<TransferStepDue>(_ => OnTransferStepDue());
        Command<ReleaseReferrer>(OnReleaseReferrer);
        Command<ReferOutTimedOut>(OnReferOutTimedOut);
        Command<TransferredAwayGraceOver>(_ => OnTransferredAwayGraceOver());
        Command<FindReplacedDialog>(OnFindReplacedDialog);
        Command<ReplacedDialogFound>(OnReplacedDialogFound);
        Command<ReplacedDialogRefused>(OnReplacedDialogRefused);
        Command<ReplacesLookupTimedOut>(_ => OnReplacesLookupTimedOut());
        Command<DialogReplaced>(OnDialogReplaced);
        Command<ReplacedGraceOver>(OnReplacedGraceOver);
        Command<StartSessionCall>(OnStartSessionCall);
        Command<HoldCall>(OnHoldCall);
        Command<GetCallLegs>(_ => ReplyToQuery(_started is null ? new CallNotFound(_callId) : LegList()));
        Command<HangUpCall>(OnHangUp);
        Command<FinishAfterRestart>(_ => OnFinishAfterRestart());
        Command<GetCall>(_ => ReplyToQuery(_started is null ? new CallNotFound(_callId) : new CallSnapshot(_started, _status!, _dialogue.Count)));
        Command<GetDialogue>(_ => ReplyToQuery(_started is null ? new CallNotFound(_callId) : _dialogue.ToArray()));
        Command<GetCallInsights>(_ => ReplyToQuery(_started is null ? new CallNotFound(_callId) : BuildInsights()));
        Command<GetCallInspection>(q => ReplyToQuery(_started is null
            ? new CallNotFound(_callId)
            : Inspection.CallInspector.Inspect(_started, _status!, _dialogue, LatestMedia(), q.Options)));
        Command<StartRecording>(OnStartRecording);
        Command<StopRecording>(OnStopRecording);
        Command<GetRecordings>(_ => OnGetRecordings());
        Command<RecordingTimeLimitReached>(OnRecordingTimeLimit);
        Command<RecordingEncodeFinished>(OnRecordingEncoded);
        Command<RecordingUploadFinished>(OnRecordingUploaded);
        Command<RecordingRetryDue>(OnRecordingRetryDue);
        Command<SampleMedia>(_ => OnSampleMedia());
        Command<CheckMedia>(_ => OnCheckMedia());
        Command<RecordChunks>(_ => RecordDialogue());
        Command<Passivate>(_ =>
        {
            if (HasUnsettledRecordings || _recordingWork.Count > 0)
            {
                // Recordings still being encoded or delivered keep the call in memory; settling schedules this again.
                return;
            }
            RecordDialogue();
            Context.Stop(Self);
        });
        Command<DrainCall>(_ =>
        {
            RecordDialogue();
            Sender.Tell(true, Self);
        });
    }

    public override string PersistenceId => PersistenceIdFor(_callId);

    /// <summary>The journal refused or lost a write: the call cannot be recorded, so it is ended on both legs (503 to a
    /// caller still waiting, BYE to answered legs) before the actor stops, rather than left hanging.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        if (_started is not null && !IsEnded)
        {
            if (IsAnswered)
            {
                SendBye(_caller);
                SendBye(_callee);
            }
            else
            {
                RespondToCaller(503, "Journal Unavailable");
                CancelCallee();
            }
            _directory.Tell(new CallFinished(_callId), Self);
        }
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string callId) => "call-" + callId;

    public static Props Props(string callId, CallServices services, IActorRef directory) =>
        Actors.Props.Create(() => new CallActor(callId, services, directory));

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private bool IsEnded => _status?.IsEnded ?? false;

    private bool IsAnswered => _status?.AnsweredAt is not null;

    // ---- dialogue capture ---------------------------------------------------------------------------------------

    private void OnTraced(SipMessageTraced traced)
    {
        var chunk = DialogueChunk.From(traced.Record, LegOf(traced.Record.Message).Side, _services.Node);
        _dialogue.Add(chunk);
        _unrecorded.Add(chunk);
        if (_unrecorded.Count == 1 && _started is not null)
        {
            Timers.StartSingleTimer(RecordTimerKey, RecordChunks.Instance, RecordDelay);
        }
    }

    /// <summary>Records the traced messages not yet in the journal, as one event.</summary>
    private void RecordDialogue()
    {
        Timers.Cancel(RecordTimerKey);
        if (_unrecorded.Count == 0 || _started is null)
        {
            return;
        }
        PersistAsync(new SipMessagesRecorded(_unrecorded.ToArray()), _ => { });
        _unrecorded.Clear();
    }

    // ---- start --------------------------------------------------------------------------------------------------

    private void OnStartCall(StartCall start)
    {
        var invite = start.Invite.Request;
        if (_started is not null)
        {
            // An INVITE reusing the Call-ID of an earlier call: a broken or replaying client. The earlier call stays intact.
            start.Invite.SendResponse(SipResponse.CreateFor(invite, 482, "Call-ID Already Used", SipIds.NewTag()));
            LogCallIdReused(_logger, _callId);
            return;
        }

        _callerInvite = start.Invite;
        _caller.SipCallId = _callId;
        _caller.Protocol = start.Invite.Source.Remote.Protocol;
        _caller.LocalTag = SipIds.NewTag();
        _caller.Party = invite.From?.Uri.ToString() ?? invite.Headers.Get(SipHeaderNames.From) ?? string.Empty;
        _caller.DisplayName = invite.From?.DisplayName;
        _caller.Allow = invite.Headers.GetValues(SipHeaderNames.Allow);
        _caller.StartedAt = start.Invite.Source.ReceivedAt;
        _legs[_callId] = _caller;
        if (start.Route is not null)
        {
            _callee.SipCallId = SipIds.NewCallId(_services.Transport.AdvertisedHost);
            _callee.Party = start.Route.Target.ToString();
            _callee.Route = start.Route.Route.Name;
            _callee.StartedAt = start.Invite.Source.ReceivedAt;
            RegisterLeg(_callee);
        }

        var started = new CallStarted(
            _callId,
            _callId,
            _callee.SipCallId,
            invite.Headers.Get(SipHeaderNames.From) ?? string.Empty,
            invite.Headers.Get(SipHeaderNames.To) ?? string.Empty,
            invite.RequestUri.ToString(),
            invite.Headers.Get(SipHeaderNames.UserAgent),
            start.Invite.Source.Remote.Address,
            start.Route?.Route.Name,
            start.Route?.Route.AccountId,
            start.Route?.Target.ToString(),
            _services.Node,
            start.Invite.Source.ReceivedAt);
        _started = started;
        _status = CallStatusState.Start(started.CreatedAt);
        PersistAsync(started, _ => { });
        foreach (var record in start.EarlierTraces)
        {
            OnTraced(new SipMessageTraced(record));
        }

        var refuseWith = start.RefuseWith ?? InvalidSdp(invite, out _);
        if (refuseWith is not null || start.Route is null)
        {
            var (code, reason) = refuseWith ?? (404, "No Route");
            start.Invite.SendResponse(SipResponse.CreateFor(invite, code, reason, _caller.LocalTag));
            LogRefused(_logger, _callId, code, reason);
            Advance(new Rejected(code, SipHangupCauses.FromSipCode(code), Now));
            return;
        }

        _route = start.Route.Route;
        LogStarted(_logger, _callId, invite.RequestUri.ToString(), start.Route.Target.ToString(), start.Route.Route.Name);
        if (!OpenMedia())
        {
            return;
        }
        Timers.StartSingleTimer(RingTimerKey, RingTimeoutElapsed.Instance, start.Route.Route.RingTimeout);
        SendCalleeInvite(start.Route.Target);
    }

    private void SendCalleeInvite(SipUri target)
    {
        var caller = _callerInvite!.Request;
        var request = new SipRequest(SipMethods.Invite, target.Clone());
        var protocol = target.Transport == "tcp" ? SipProtocol.Tcp : SipProtocol.Udp;
        _callee.Protocol = protocol;
        _callee.LocalTag ??= SipIds.NewTag();
        request.Headers.Add(SipHeaderNames.Via, NewVia(protocol).ToString());
        request.Headers.Add(SipHeaderNames.MaxForwards, Math.Max(0, (caller.MaxForwards ?? 70) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var from = caller.From!.Clone();
        from.Tag = _callee.LocalTag;
        request.Headers.Add(SipHeaderNames.From, from.ToString());
        var to = new NameAddress(target.Clone(), caller.To?.DisplayName);
        to.Uri.Parameters.Remove("transport");
        request.Headers.Add(SipHeaderNames.To, to.ToString());
        request.Headers.Add(SipHeaderNames.CallId, _callee.SipCallId!);
        request.Headers.Add(SipHeaderNames.CSeq, new CSeqHeader(++_calleeCSeq, SipMethods.Invite).ToString());
        request.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(protocol)).ToString());
        request.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
        request.Headers.Add(SipHeaderNames.UserAgent, _services.Options.UserAgent);
        CopyEndToEndHeaders(caller, request);
        if (!caller.Body.IsEmpty)
        {
            request.SetBody(RelaySdp(_caller, CallLeg.Callee, caller), caller.Headers.Get(SipHeaderNames.ContentType));
        }

        var destination = _services.Resolver.Resolve(request.RequestUri, protocol);
        if (destination is null)
        {
            LogUnresolvable(_logger, _callId, request.RequestUri.ToString());
            RespondToCaller(502, "Route Target Unresolvable");
            Advance(new Rejected(502, SipHangupCauses.FromSipCode(502), Now));
            return;
        }
        _calleeInvite = _services.Transactions.SendRequest(request, destination.Value, Self);
    }

    // ---- responses ----------------------------------------------------------------------------------------------

    private void OnResponse(SipResponseArrived arrived)
    {
        var response = (SipResponse)arrived.Response.Message;
        var transaction = arrived.Transaction;
        if (OriginatedLegOf(transaction) is { } originated)
        {
            OnOriginatedResponse(originated, transaction, response);
            return;
        }
        if (_transfer is { OutgoingRefer: { } refer } referring && ReferenceEquals(refer, transaction))
        {
            OnReferOutResponse(referring, response);
            return;
        }
        if (_nodeInvites.TryGetValue(transaction, out var reinvite))
        {
            OnNodeReinviteResponse(transaction, reinvite, response);
            return;
        }
        if (ReferenceEquals(transaction, _calleeInvite))
        {
            OnCalleeInviteResponse(transaction, response);
            return;
        }

        if (response.IsSuccess && transaction.Request.Method == SipMethods.Invite && _acksSent.TryGetValue(transaction, out var ack))
        {
            // A retransmitted 2xx to a re-INVITE: our ACK was lost; send it again.
            _services.Transactions.SendStateless(ack, transaction.Destination);
            return;
        }

        if (_relayed.TryGetValue(transaction, out var server))
        {
            RelayResponse(transaction, server, response);
        }
    }

    private void OnCalleeInviteResponse(SipClientTransaction transaction, SipResponse response)
    {
        var code = response.StatusCode;
        if (code == 100)
        {
            return;
        }

        if (code < 200)
        {
            if (response.To?.Tag is not null && _callee.Dialog is null)
            {
                _callee.Dialog = SipDialog.CreateAsUac(transaction.Request, response);
            }
            if (_cancelCalleeOnProvisional)
            {
                CancelCallee();
            }
            if (IsEnded)
            {
                return;
            }
            RelayToCaller(response);
            Advance(new CalleeProgress(code, Now));
            return;
        }

        if (response.IsSuccess)
        {
            OnCalleeAnswered(transaction, response);
            return;
        }

        if (code is >= 300 and < 400 && !IsEnded && _redirects < _services.Options.MaxRedirects && response.Contact is { } contact && contact.Uri.IsSip)
        {
            _redirects++;
            LogRedirected(_logger, _callId, code, contact.Uri.ToString());
            _callee.Dialog = null;
            SendCalleeInvite(contact.Uri);
            return;
        }

        // A final failure: the callee leg's transaction has ACKed it. Relay it (mapped) unless the call already ended
        // (the 487 that follows our own CANCEL).
        Timers.Cancel(RingTimerKey);
        _callee.Dialog = null;
        if (IsEnded)
        {
            return;
        }
        var toCaller = B2bua.SipCodeMapping.ToCaller(code);
        RespondToCaller(toCaller, toCaller == code ? response.ReasonPhrase : null);
        Advance(new CalleeRejected(code, Now));
    }

    private void OnCalleeAnswered(SipClientTransaction transaction, SipResponse response)
    {
        var dialogId = response.To?.Tag;
        if (_callee.Dialog is { } existing && existing.State != SipDialogState.Early)
        {
            // Confirmed or already hung up (terminated): a 2xx for the same dialog is a retransmission.
            if (existing.RemoteTag == dialogId)
            {
                // A retransmitted 2xx: ACK again if the caller's ACK already went through.
                if (_acksSent.TryGetValue(transaction, out var ack))
                {
                    _services.Transactions.SendStateless(ack, transaction.Destination);
                }
                return;
            }
            // A second fork answered: acknowledge and release it at once (RFC 3261 §13.2.2.4).
            var fork = SipDialog.CreateAsUac(transaction.Request, response);
            AckAndBye(_callee, fork, transaction);
            return;
        }

        if (_callee.Dialog is null || _callee.Dialog.RemoteTag != dialogId)
        {
            _callee.Dialog = SipDialog.CreateAsUac(transaction.Request, response);
        }
        else
        {
            _callee.Dialog.UpdateFromResponse(response);
        }

        if (IsEnded)
        {
            // The callee answered after the caller had gone (CANCEL crossed the 200): ACK it and hang up.
            AckAndBye(_callee, _callee.Dialog, transaction);
            return;
        }

        Timers.Cancel(RingTimerKey);
        // The answer time is taken before the 200 goes out: the caller's first RTP (and a recording that starts on the
        // answer) comes after it.
        var answeredAt = Now;
        _callee.AnsweredAt = answeredAt;
        _callee.Allow = response.Headers.GetValues(SipHeaderNames.Allow);
        RelayToCaller(response);
        _acksOwed[(_caller, _callerInvite!.Request.CSeq!.Value.Number)] = transaction;
        Advance(new CalleeAnswered(answeredAt));
    }

    private void AckAndBye(LegState leg, SipDialog dialog, SipClientTransaction invite)
    {
        var ack = dialog.CreateAck(invite.Request.CSeq!.Value.Number, NewVia(leg.Protocol));
        _services.Transactions.SendStateless(ack, invite.Destination);
        _acksSent[invite] = ack;
        if (dialog.State == SipDialogState.Terminated)
        {
            return;
        }
        var bye = dialog.CreateRequest(SipMethods.Bye, NewVia(leg.Protocol));
        if (Destination(leg, dialog, bye) is { } destination)
        {
            _services.Transactions.SendRequest(bye, destination, Self);
        }
        dialog.Terminate();
    }

    /// <summary>A provisional or 2xx from the callee's INVITE, relayed on the caller's INVITE.</summary>
    private void RelayToCaller(SipResponse response)
    {
        var invite = _callerInvite!;
        var relayed = SipResponse.CreateFor(invite.Request, response.StatusCode, response.ReasonPhrase, _caller.LocalTag);
        foreach (var recordRoute in invite.Request.Headers.GetValues(SipHeaderNames.RecordRoute))
        {
            relayed.Headers.Add(SipHeaderNames.RecordRoute, recordRoute);
        }
        relayed.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(_caller.Protocol)).ToString());
        if (response.IsSuccess)
        {
            relayed.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
        }
        CopyEndToEndHeaders(response, relayed);
        if (!response.Body.IsEmpty)
        {
            relayed.SetBody(RelaySdp(_callee, CallLeg.Caller, response), response.Headers.Get(SipHeaderNames.ContentType));
        }
        _caller.Dialog ??= SipDialog.CreateAsUas(invite.Request, _caller.LocalTag!, LocalContact(_caller.Protocol));
        if (response.IsSuccess)
        {
            _caller.Dialog.Confirm();
        }
        invite.SendResponse(relayed);
    }

    private void RespondToCaller(int code, string? reason)
    {
        var invite = _callerInvite;
        if (invite is null || invite.LastResponse is { StatusCode: >= 200 })
        {
            return;
        }
        var response = SipResponse.CreateFor(invite.Request, code, reason, _caller.LocalTag);
        if (code == 503)
        {
            response.Headers.Add(SipHeaderNames.RetryAfter, _services.Options.RetryAfterHeader);
        }
        invite.SendResponse(response);
    }

    private void RelayResponse(SipClientTransaction client, SipServerTransaction server, SipResponse response)
    {
        if (response.StatusCode == 100)
        {
            return;
        }
        var towardLeg = LegOf(server.Request);
        var sentOn = LegOf(client.Request);
        var relayed = SipResponse.CreateFor(server.Request, response.StatusCode, response.ReasonPhrase);
        var isInviteOrUpdate = server.Request.Method is SipMethods.Invite or SipMethods.Update;
        if (isInviteOrUpdate && response.StatusCode < 300)
        {
            relayed.Headers.Add(SipHeaderNames.Contact, new NameAddress(LocalContact(towardLeg.Protocol)).ToString());
        }
        CopyEndToEndHeaders(response, relayed);
        if (!response.Body.IsEmpty)
        {
            relayed.SetBody(
                response.HasSdp ? RelaySdp(sentOn, towardLeg.Side, response) : response.Body,
                response.Headers.Get(SipHeaderNames.ContentType));
        }
        if (response.IsSuccess && isInviteOrUpdate)
        {
            sentOn.Dialog?.UpdateFromResponse(response);
        }
        if (response.StatusCode >= 200)
        {
            _relayed.Remove(client);
            if (response.IsSuccess && server.Request.Method == SipMethods.Invite)
            {
                _acksOwed[(towardLeg, server.Request.CSeq!.Value.Number)] = client;
            }
        }
        server.SendResponse(relayed);
    }

    // ---- requests -----------------------------------------------------------------------------------------------

    private void OnRequest(SipRequestArrived arrived)
    {
        var transaction = arrived.Transaction;
        var request = transaction.Request;
        if (_started is null)
        {
            transaction.SendResponse(SipResponse.CreateFor(request, 481));
            return;
        }
        var leg = LegOf(request);
        switch (request.Method)
        {
            case SipMethods.Cancel:
                OnCancel(transaction);
                return;
            case SipMethods.Bye:
                OnBye(leg, transaction);
                return;
        }

        if (IsEnded || leg.Dialog is null || leg.Dialog.State == SipDialogState.Terminated ||
            !string.Equals(request.To?.Tag, leg.Dialog.LocalTag, StringComparison.Ordinal))
        {
            transaction.SendResponse(SipResponse.CreateFor(request, 481));
            return;
        }
        if (leg.Dialog.AcceptRequest(request) is { } refusal)
        {
            transaction.SendResponse(SipResponse.CreateFor(request, refusal.StatusCode, refusal.Reason));
            return;
        }
        if (request.Method == SipMethods.Refer)
        {
            OnRefer(leg, transaction);
            return;
        }
        if (request.Method == SipMethods.Notify && _transfer is { ByRefer: true } referring && ReferenceEquals(leg, referring.Kept) &&
            request.Headers.Get(SipHeaderNames.Event) is { } eventHeader && eventHeader.StartsWith("refer", StringComparison.OrdinalIgnoreCase))
        {
            OnReferOutNotify(referring, transaction);
            return;
        }
        var other = Peer(leg);
        if ((other?.Dialog is null || other.Dialog.State == SipDialogState.Terminated) && _transfer is null && !leg.Released)
        {
            // No transfer in the way: the other leg has no dialog (yet, or any more).
            transaction.SendResponse(SipResponse.CreateFor(request, 481));
            return;
        }
        if (other?.Dialog is null || other.Dialog.State == SipDialogState.Terminated)
        {
            // A party with nobody to talk to right now (held during a consultation, or its peer already released):
            // the node answers for the peer. In-dialog OPTIONS and INFO are harmless; anything else waits.
            var (code, reason) = request.Method is SipMethods.Options or SipMethods.Info ? (200, (string?)null) : (491, "Transfer In Progress");
            transaction.SendResponse(SipResponse.CreateFor(request, code, reason));
            return;
        }
        if (InvalidSdp(request, out var sdp) is { } badSdp)
        {
            transaction.SendResponse(SipResponse.CreateFor(request, badSdp.StatusCode, badSdp.Reason));
            return;
        }
        if (request.Method == SipMethods.Invite && (HasPendingInvite() || _nodeInvites.Count > 0))
        {
            // Glare (RFC 3261 §14.1): a re-INVITE while another (relayed, or the node's own) is in progress.
            transaction.SendResponse(SipResponse.CreateFor(request, 491));
            return;
        }

        var relayed = other.Dialog.CreateRequest(request.Method, NewVia(other.Protocol));
        CopyEndToEndHeaders(request, relayed);
        if (!request.Body.IsEmpty)
        {
            relayed.SetBody(
                request.HasSdp ? RelaySdp(leg, other.Side, request) : request.Body,
                request.Headers.Get(SipHeaderNames.ContentType));
        }
        if (Destination(other, other.Dialog, relayed) is not { } destination)
        {
            transaction.SendResponse(SipResponse.CreateFor(request, 502, "Other Leg Unreachable"));
            return;
        }
        if (request.Method == SipMethods.Invite)
        {
            LogReinvite(_logger, _callId, leg.Side.ToWireName(), sdp?.IsHold ?? false);
        }
        var client = _services.Transactions.SendRequest(relayed, destination, Self);
        _relayed[client] = transaction;
    }

    private void OnCancel(SipServerTransaction cancel)
    {
        var invite = _services.Transactions.FindInviteServerTransaction(cancel.Request);
        if (invite is null || !ReferenceEquals(invite, _callerInvite))
        {
            cancel.SendResponse(SipResponse.CreateFor(cancel.Request, 481));
            return;
        }
        cancel.SendResponse(SipResponse.CreateFor(cancel.Request, 200));
        if (IsAnswered || IsEnded)
        {
            return;
        }
        RespondToCaller(487, null);
        CancelCallee();
        LogCancelled(_logger, _callId);
        Advance(new CallerCancelled(Now));
    }

    private void OnBye(LegState leg, SipServerTransaction bye)
    {
        var from = leg.Side;
        if (leg.Dialog is null || leg.Dialog.State == SipDialogState.Terminated ||
            !string.Equals(bye.Request.To?.Tag, leg.Dialog.LocalTag, StringComparison.Ordinal))
        {
            bye.SendResponse(SipResponse.CreateFor(bye.Request, 481));
            return;
        }
        bye.SendResponse(SipResponse.CreateFor(bye.Request, 200));
        leg.Dialog.Terminate();
        if (OnLegHungUpDuringTransfer(leg))
        {
            return;
        }
        if (!IsAnswered)
        {
            // A BYE on an early dialog: treat it as the caller giving up (or the callee refusing).
            if (from == CallLeg.Caller)
            {
                RespondToCaller(487, null);
                CancelCallee();
                AbandonOriginatedLegs();
                Advance(new CallerCancelled(Now));
            }
            else
            {
                RespondToCaller(480, null);
                Advance(new CalleeRejected(480, Now));
            }
            return;
        }
        SendBye(Leg(from.Other()));
        AbandonOriginatedLegs();
        LogHungUp(_logger, _callId, from.ToWireName());
        Advance(new HungUp(from == CallLeg.Caller ? HangupSource.Caller : HangupSource.Callee, Now));
    }

    private void OnAck(SipAckArrived arrived)
    {
        var ack = (SipRequest)arrived.Ack.Message;
        var from = LegOf(ack);
        var cseq = ack.CSeq?.Number ?? 0;
        if (!_acksOwed.Remove((from, cseq), out var client))
        {
            return;
        }
        var other = LegOf(client.Request);
        if (other.Dialog is null || other.Dialog.State == SipDialogState.Terminated)
        {
            return;
        }
        var body = ack.Body.IsEmpty ? default : RelaySdp(from, other.Side, ack);
        var relayed = other.Dialog.CreateAck(client.Request.CSeq!.Value.Number, NewVia(other.Protocol), body, ack.Headers.Get(SipHeaderNames.ContentType));
        _acksSent[client] = relayed;
        _services.Transactions.SendStateless(relayed, client.Destination);
    }

    // ---- timeouts and endings -----------------------------------------------------------------------------------

    private void OnTimeout(SipTransactionTimedOut timedOut)
    {
        var transaction = timedOut.Transaction;
        if (IsEnded)
        {
            return;
        }
        if (OriginatedLegOf(transaction) is { } originated)
        {
            OnOriginatedTimedOut(originated);
            return;
        }
        if (_transfer is { OutgoingRefer: { } refer } referring && ReferenceEquals(refer, transaction))
        {
            referring.OutgoingRefer = null;
            ReferOutRefused(referring, "no answer");
            return;
        }
        if (transaction is SipClientTransaction reinvite && _nodeInvites.Remove(reinvite, out var pending))
        {
            LogLegTimedOut(_logger, _callId, pending.Leg.Side.ToWireName(), "re-INVITE");
            pending.Then?.Invoke(false);
            return;
        }
        if (ReferenceEquals(transaction, _calleeInvite))
        {
            LogLegTimedOut(_logger, _callId, CallLeg.Callee.ToWireName(), "INVITE");
            RespondToCaller(408, null);
            Advance(new TransactionTimedOut("callee", Now));
            return;
        }
        if (ReferenceEquals(transaction, _callerInvite))
        {
            if (_callerInvite.LastResponse is { IsSuccess: true })
            {
                // No ACK for our 2xx within 64*T1 (RFC 3261 §13.3.1.4): end the session on both legs.
                LogLegTimedOut(_logger, _callId, CallLeg.Caller.ToWireName(), "ACK");
                TearDown("caller");
            }
            return;
        }
        if (transaction is SipClientTransaction client && _relayed.Remove(client, out var server))
        {
            // The other leg stopped answering an in-dialog request: give up on the call.
            server.SendResponse(SipResponse.CreateFor(server.Request, 408));
            var leg = LegOf(client.Request).Side;
            LogLegTimedOut(_logger, _callId, leg.ToWireName(), client.Request.Method);
            TearDown(leg == CallLeg.Caller ? "caller" : "callee");
        }
    }

    private void OnRingTimeout()
    {
        if (IsAnswered || IsEnded || _started is null)
        {
            return;
        }
        LogRingTimeout(_logger, _callId);
        var before = _status!;
        Advance(new RingTimeout(Now));
        RespondToCaller(_status!.FinalSipCode ?? 480, null);
        if (!ReferenceEquals(before, _status))
        {
            CancelCallee();
        }
    }

    private void OnHangUp(HangUpCall hangUp)
    {
        if (_started is null || IsEnded)
        {
            Sender.Tell(false, Self);
            return;
        }
        LogApiHangup(_logger, _callId, hangUp.Reason);
        if (IsAnswered)
        {
            SendBye(_caller);
            SendBye(_callee);
        }
        else
        {
            RespondToCaller(480, null);
            CancelCallee();
        }
        Advance(new HungUp(HangupSource.Api, Now));
        Sender.Tell(true, Self);
    }

    private void OnFinishAfterRestart()
    {
        SettleTransfersAfterRestart();
        if (_started is null || IsEnded)
        {
            _settlePending = HasUnsettledRecordings;
            _directory.Tell(new CallFinished(_callId, _settlePending), Self);
            ResumeRecordings();
            SchedulePassivation();
            return;
        }
        LogFinishedAfterRestart(_logger, _callId, _status!.Status.ToWireName());
        // First the recordings (a capture cut short stops as node_restarted), then the call's own ending.
        ResumeRecordings();
        Advance(new NodeRestarted(Now));
    }

    private void TearDown(string leg)
    {
        SendBye(_caller);
        SendBye(_callee);
        Advance(new TransactionTimedOut(leg, Now));
    }

    private void SendBye(LegState leg)
    {
        if (leg.Dialog is not { State: SipDialogState.Confirmed } dialog)
        {
            return;
        }
        var bye = dialog.CreateRequest(SipMethods.Bye, NewVia(leg.Protocol));
        AddReasonHeader(bye);
        if (Destination(leg, dialog, bye) is { } destination)
        {
            _services.Transactions.SendRequest(bye, destination, Self);
        }
        dialog.Terminate();
    }

    private static void AddReasonHeader(SipRequest request) => request.Headers.Set(SipHeaderNames.Reason, "SIP;cause=200;text=\"Call completed elsewhere\"");

    private void CancelCallee()
    {
        if (_calleeInvite is null || _calleeCancelSent || _calleeInvite.LastResponse is { StatusCode: >= 200 })
        {
            return;
        }
        if (_calleeInvite.LastResponse is null)
        {
            // RFC 3261 §9.1: a CANCEL waits for a provisional response.
            _cancelCalleeOnProvisional = true;
            return;
        }
        _calleeCancelSent = true;
        _cancelCalleeOnProvisional = false;
        var cancel = _calleeInvite.CreateCancel();
        _services.Transactions.SendRequest(cancel, _calleeInvite.Destination, Self);
    }

    /// <summary>Applies a status input; persists the change as CallRinging, CallAnswered or CallEnded.</summary>
    private void Advance(CallStatusInput input)
    {
        var before = _status!;
        var after = CallStatusStateMachine.Apply(before, input);
        if (ReferenceEquals(before, after))
        {
            return;
        }
        _status = after;
        RecordDialogue();
        if (after.IsEnded)
        {
            Timers.Cancel(RingTimerKey);
            EndTransferWithCall();
            AbandonOriginatedLegs();
            StopCapture(RecordingStopReason.Hangup);
            CloseMedia();
            LogEnded(_logger, _callId, after.Status.ToWireName(), after.HangupCause, after.FinalSipCode);
            PersistAsync(new CallEnded(after), _ => { });
            _settlePending = HasUnsettledRecordings;
            _directory.Tell(new CallFinished(_callId, _settlePending), Self);
            SchedulePassivation();
        }
        else if (after.Status == CallStatus.Ongoing && before.Status != CallStatus.Ongoing)
        {
            PersistAsync(new CallAnswered(after), _ => { });
            StartMediaTimers();
            StartRouteRecording();
        }
        else if (after.Status == CallStatus.Ringing && before.Status != CallStatus.Ringing)
        {
            PersistAsync(new CallRinging(after), _ => { });
        }
    }

    private void ReplyToQuery(object reply)
    {
        Sender.Tell(reply, Self);
        if (_started is null || IsEnded)
        {
            SchedulePassivation();
        }
    }

    private void SchedulePassivation() =>
        Timers.StartSingleTimer(PassivateTimerKey, Passivate.Instance, _started is null ? TimeSpan.Zero : _services.Options.PassivateAfter);

    // ---- helpers ------------------------------------------------------------------------------------------------

    private LegState Leg(CallLeg leg) => leg == CallLeg.Caller ? _caller : _callee;

    /// <summary>The leg a message belongs to, by its Call-ID: a party bridged now, a transfer target, or a leg the call
    /// has released (its late answers are still recorded on it).</summary>
    private LegState LegOf(SipMessage message) =>
        message.CallId is { } id && _legs.TryGetValue(id, out var leg) ? leg : _caller;

    /// <summary>A leg the node originates gets its own Call-ID, which the directory routes to this call.</summary>
    private void RegisterLeg(LegState leg)
    {
        _legs[leg.SipCallId!] = leg;
        _directory.Tell(new RegisterCallId(leg.SipCallId!), Self);
    }

    /// <summary>The party a leg talks to now: the other slot, or during an attended transfer's consultation the target
    /// (for the party consulting) and nobody (for the held party).</summary>
    private LegState? Peer(LegState leg)
    {
        if (_consultation is { } consulting)
        {
            if (ReferenceEquals(leg, consulting.Target))
            {
                return consulting.Consulting;
            }
            if (ReferenceEquals(leg, consulting.Consulting))
            {
                return consulting.Target;
            }
            if (ReferenceEquals(leg, consulting.Kept))
            {
                return null;
            }
        }
        if (ReferenceEquals(leg, _caller))
        {
            return _callee;
        }
        return ReferenceEquals(leg, _callee) ? _caller : null;
    }

    /// <summary>The SDP body to send toward the party on <paramref name="toward"/>'s relay side for an SDP
    /// <paramref name="from"/> sent; the leg's last SDP is kept (a transfer offers it to a new party).</summary>
    private ReadOnlyMemory<byte> RelaySdp(LegState from, CallLeg toward, SipMessage message)
    {
        if (message.HasSdp)
        {
            from.LastSdp = message;
        }
        return _media.Relay(toward, message);
    }

    private bool HasPendingInvite()
    {
        foreach (var client in _relayed.Keys)
        {
            if (client.Request.Method == SipMethods.Invite)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>488 with the parser's reason when a message carries an SDP body that does not parse: the other leg
    /// would refuse it anyway, and the media relay cannot anchor it. The parsed SDP (or null without one) comes back in
    /// <paramref name="sdp"/>, so it is parsed once.</summary>
    private (int StatusCode, string Reason)? InvalidSdp(SipMessage message, out Sip.Sdp.SdpSession? sdp)
    {
        sdp = null;
        if (!message.HasSdp)
        {
            return null;
        }
        if (Sip.Sdp.SdpParser.TryParse(message.Body.Span, out var parsed, out var error))
        {
            sdp = parsed;
            return null;
        }
        LogInvalidSdp(_logger, _callId, error ?? "unparsable");
        return (488, "Invalid SDP");
    }

    private ViaHeader NewVia(SipProtocol protocol)
    {
        var via = new ViaHeader(protocol == SipProtocol.Tcp ? "TCP" : "UDP", _services.Transport.AdvertisedHost, _services.Transport.AdvertisedPort, SipIds.NewBranch());
        via.Parameters.Set("rport", null);
        return via;
    }

    private SipUri LocalContact(SipProtocol protocol)
    {
        var uri = SipUri.Create("callactors", _services.Transport.AdvertisedHost, _services.Transport.AdvertisedPort);
        if (protocol == SipProtocol.Tcp)
        {
            uri.Parameters.Set("transport", "tcp");
        }
        return uri;
    }

    /// <summary>Where an in-dialog request for a leg goes: over TCP back on the caller's connection; else the dialog's
    /// next hop (route set or remote target), falling back to where the caller's INVITE came from.</summary>
    private SipEndPoint? Destination(LegState leg, SipDialog dialog, SipRequest request)
    {
        var isCallerLeg = leg.SipCallId == _callId && _callerInvite is not null;
        if (isCallerLeg && leg.Protocol == SipProtocol.Tcp)
        {
            return _callerInvite!.Source.Remote;
        }
        var resolved = _services.Resolver.Resolve(dialog.NextHop(request), leg.Protocol);
        if (resolved is null && isCallerLeg)
        {
            return _callerInvite!.Source.Remote;
        }
        return resolved;
    }

    /// <summary>Headers that belong to the conversation rather than the hop, copied from one leg's message to the
    /// other's. Everything a dialog or transaction builds (Via, From, To, Call-ID, CSeq, Contact, Route…) is not.</summary>
    private static void CopyEndToEndHeaders(SipMessage from, SipMessage to)
    {
        foreach (var line in from.Headers)
        {
            if (IsEndToEnd(line.Name))
            {
                to.Headers.Add(line.Name, line.Value);
            }
        }
    }

    private static bool IsEndToEnd(string name) => name switch
    {
        SipHeaderNames.Event or SipHeaderNames.SubscriptionState or SipHeaderNames.ReferTo or SipHeaderNames.ReferredBy
            or SipHeaderNames.Replaces or SipHeaderNames.Reason or SipHeaderNames.Subject or "Info-Package" or "Recv-Info"
            or "P-Asserted-Identity" or "Privacy" or "Alert-Info" or "Call-Info" or SipHeaderNames.ContentDisposition => true,
        _ => false,
    };

    /// <summary>One SIP leg of the call: the caller's (the node is its UAS) or one the node originates (the callee, a
    /// transfer target, both parties of a click-to-call session).</summary>
    private sealed class LegState(CallLeg side)
    {
        /// <summary>The relay side (and so the party label, caller or callee) the leg is on; a transfer can move it.</summary>
        public CallLeg Side { get; set; } = side;

        public string? SipCallId { get; set; }

        public string? LocalTag { get; set; }

        public SipDialog? Dialog { get; set; }

        public SipProtocol Protocol { get; set; }

        /// <summary>The URI dialled, or the caller's From.</summary>
        public string Party { get; set; } = string.Empty;

        public string? DisplayName { get; set; }

        public string? Route { get; set; }

        public DateTimeOffset StartedAt { get; set; }

        public DateTimeOffset? AnsweredAt { get; set; }

        /// <summary>The last SIP message with an SDP body this party sent.</summary>
        public SipMessage? LastSdp { get; set; }

        /// <summary>The methods the party said it accepts (every Allow value of its INVITE or of its 2xx).</summary>
        public IReadOnlyList<string> Allow { get; set; } = [];

        /// <summary>The node has put this party on hold (re-INVITE a=sendonly).</summary>
        public bool Held { get; set; }

        /// <summary>A transfer took this party out of the call; its BYE no longer ends the call.</summary>
        public bool Released { get; set; }

        /// <summary>A leg the node originates with <see cref="OriginatedLeg"/> machinery; null for the caller's leg and
        /// the route's callee leg (driven by the B2BUA code above).</summary>
        public OriginatedLeg? Originated { get; set; }
    }

    private sealed record RingTimeoutElapsed
    {
        public static RingTimeoutElapsed Instance { get; } = new();
    }

    private sealed record RecordChunks
    {
        public static RecordChunks Instance { get; } = new();
    }

    private sealed record Passivate
    {
        public static Passivate Instance { get; } = new();
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Call {CallId}: INVITE {RequestUri} routed by '{Route}' to {Target}")]
    private static partial void LogStarted(ILogger logger, string callId, string requestUri, string target, string route);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Call {CallId}: refused with {StatusCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string callId, int statusCode, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Call {CallId}: ended {Status} (cause {Cause}, SIP {SipCode})")]
    private static partial void LogEnded(ILogger logger, string callId, string status, string? cause, int? sipCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Call {CallId}: an INVITE reused this Call-ID after the call existed; refused with 482")]
    private static partial void LogCallIdReused(ILogger logger, string callId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Call {CallId}: route target {Target} does not resolve to an address")]
    private static partial void LogUnresolvable(ILogger logger, string callId, string target);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Call {CallId}: {StatusCode} redirect followed to {Contact}")]
    private static partial void LogRedirected(ILogger logger, string callId, int statusCode, string contact);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Call {CallId}: caller cancelled")]
    private static partial void LogCancelled(ILogger logger, string callId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Information, Message = "Call {CallId}: {Leg} hung up")]
    private static partial void LogHungUp(ILogger logger, string callId, string leg);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Call {CallId}: {Leg} stopped answering ({What} timed out); tearing the call down")]
    private static partial void LogLegTimedOut(ILogger logger, string callId, string leg, string what);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Call {CallId}: ring timeout")]
    private static partial void LogRingTimeout(ILogger logger, string callId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Call {CallId}: hung up by the API ({Reason})")]
    private static partial void LogApiHangup(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Call {CallId}: was {Status} when the node stopped; finalised as failed")]
    private static partial void LogFinishedAfterRestart(ILogger logger, string callId, string status);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Call {CallId}: SDP refused with 488: {Problem}")]
    private static partial void LogInvalidSdp(ILogger logger, string callId, string problem);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "Call {CallId}: re-INVITE from {Leg} (hold: {Hold})")]
    private static partial void LogReinvite(ILogger logger, string callId, string leg, bool hold);
}
