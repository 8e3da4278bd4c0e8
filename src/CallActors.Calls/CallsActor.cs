using CallActors.Actors;
using CallActors.Calls.Routing;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Calls;

/// <summary>
/// The directory of calls (<c>/user/calls</c>): every SIP event of the node passes through it, in the order the
/// transport saw it, and goes to the call actor that owns its Call-ID (caller and callee legs both map to the same
/// call). It admits new INVITEs (483 when Max-Forwards is spent, 482 for a loop or a merged request, 503 with
/// Retry-After over the concurrency or calls-per-second limit, a route or 404), answers out-of-dialog OPTIONS, and
/// 481 for requests of dialogs it does not know. It starts a child per call, and after a crash finalises the calls the
/// ledger says were open. Queries for a call that has passivated start it again from the journal.
/// </summary>
public sealed partial class CallsActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan PendingTraceLifetime = TimeSpan.FromSeconds(5);

    private readonly CallServices _services;
    private readonly CallRouter _router;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IActorRef> _bySipCallId = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, List<string>> _sipCallIdsByCall = [];
    private readonly HashSet<string> _calleeCallIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingTraces> _pending = new(StringComparer.Ordinal);
    private readonly B2bua.CallRateLimiter _rate;
    private IActorRef _ledger = ActorRefs.Nobody;
    private long _nameCollisions;

    public CallsActor(CallServices services, CallRouter router)
    {
        _services = services;
        _router = router;
        _logger = services.LoggerFactory.CreateLogger<CallsActor>();
        _rate = new B2bua.CallRateLimiter(services.Options.MaxCallsPerSecond);

        Receive<SipMessageTraced>(OnTraced);
        Receive<SipRequestArrived>(OnRequest);
        Receive<SipAckArrived>(a => RouteBySipCallId(a.Ack.Message.CallId, a));
        Receive<SipResponseArrived>(r => RouteBySipCallId(r.Response.Message.CallId, r));
        Receive<SipTransactionTimedOut>(t => RouteBySipCallId(t.Transaction.Request.CallId, t));
        Receive<RegisterCallId>(OnRegister);
        Receive<CallFinished>(OnFinished);
        Receive<CallSettled>(s => _ledger.Tell(new CallClosed(s.CallId), Self));
        Receive<CallsLeftOpen>(OnCallsLeftOpen);
        Receive<GetCall>(q => ForwardToCall(q.CallId, q));
        Receive<GetDialogue>(q => ForwardToCall(q.CallId, q));
        Receive<GetCallInsights>(q => ForwardToCall(q.CallId, q));
        Receive<GetCallInspection>(q => ForwardToCall(q.CallId, q));
        Receive<GetRecordings>(q => ForwardToCall(q.CallId, q));
        Receive<StartRecording>(q => ForwardToCall(q.CallId, q));
        Receive<StopRecording>(q => ForwardToCall(q.CallId, q));
        Receive<StartTransfer>(q => ForwardToCall(q.CallId, q));
        Receive<GetTransfers>(q => ForwardToCall(q.CallId, q));
        Receive<CancelTransfer>(q => ForwardToCall(q.CallId, q));
        Receive<CompleteTransfer>(q => ForwardToCall(q.CallId, q));
        Receive<HoldCall>(q => ForwardToCall(q.CallId, q));
        Receive<FindReplacedDialog>(OnFindReplacedDialog);
        Receive<DialogReplaced>(r => RouteBySipCallId(r.SipCallId, r));
        Receive<GetCallLegs>(q => ForwardToCall(q.CallId, q));
        Receive<StartSession>(OnStartSession);
        Receive<HangUpCall>(OnHangUp);
        Receive<GetActiveCalls>(_ => Sender.Tell(_active.ToArray(), Self));
        Receive<GetCallActors>(_ => Sender.Tell(_sipCallIdsByCall.Keys.ToArray(), Self));
        Receive<Terminated>(OnChildTerminated);
        Receive<SweepPendingTraces>(_ => SweepPending());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>A call actor that throws on one message resumes with its state: a restart would rebuild it from the
    /// journal without the live transactions and dialogs, leaving both legs hanging. The failure is still logged (with
    /// the call's path) and published as ActorFailed. The ledger resumes too: its state is a set of call ids.</summary>
    protected override Actors.Supervision.SupervisorStrategy SupervisorStrategy() =>
        new Actors.Supervision.OneForOneStrategy(_ => Actors.Supervision.Directive.Resume);

    public static Props Props(CallServices services, CallRouter router) => Actors.Props.Create(() => new CallsActor(services, router));

    protected override void PreStart()
    {
        _ledger = Context.ActorOf(CallLedgerActor.Props(_services.Node, Self), "ledger");
        Timers.StartPeriodicTimer("sweep", SweepPendingTraces.Instance, PendingTraceLifetime);
    }

    // ---- routing ------------------------------------------------------------------------------------------------

    private void OnTraced(SipMessageTraced traced)
    {
        var message = traced.Record.Message;
        var callId = message.CallId;
        if (callId is null)
        {
            return;
        }
        if (_bySipCallId.TryGetValue(callId, out var call))
        {
            call.Tell(traced, Self);
            return;
        }
        // The INVITE that starts a call, and the 100 Trying the transaction layer sends for it, are traced before
        // the call exists: keep them until it does (or drop them if the INVITE is refused without a call).
        if (message.To?.Tag is null && message.CSeq?.Method == SipMethods.Invite)
        {
            if (!_pending.TryGetValue(callId, out var pending))
            {
                pending = new PendingTraces(Context.System.TimeProvider.GetUtcNow());
                _pending[callId] = pending;
            }
            pending.Records.Add(traced.Record);
        }
    }

    private void RouteBySipCallId(string? callId, object message)
    {
        if (callId is not null && _bySipCallId.TryGetValue(callId, out var call))
        {
            call.Tell(message, Self);
        }
    }

    private void OnRequest(SipRequestArrived arrived)
    {
        var transaction = arrived.Transaction;
        var request = transaction.Request;
        var callId = request.CallId ?? string.Empty;
        if (_bySipCallId.TryGetValue(callId, out var call))
        {
            if (request.Method == SipMethods.Invite && request.To?.Tag is null)
            {
                // Same Call-ID, new branch, no To tag: a merged request or our own INVITE coming back (RFC 3261 §8.2.2.2).
                Refuse(transaction, 482, "Loop Detected");
                return;
            }
            call.Tell(arrived, Self);
            return;
        }

        switch (request.Method)
        {
            case SipMethods.Invite when request.To?.Tag is null:
                Admit(transaction);
                return;
            case SipMethods.Options when request.To?.Tag is null:
                var ok = SipResponse.CreateFor(request, 200, null, SipIds.NewTag());
                ok.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
                ok.Headers.Add(SipHeaderNames.Accept, "application/sdp");
                ok.Headers.Add(SipHeaderNames.Server, _services.Options.UserAgent);
                transaction.SendResponse(ok);
                return;
            case SipMethods.Register or SipMethods.Subscribe or SipMethods.Message or SipMethods.Publish when request.To?.Tag is null:
                var notAllowed = SipResponse.CreateFor(request, 405, null, SipIds.NewTag());
                notAllowed.Headers.Add(SipHeaderNames.Allow, SipMethods.Allowed);
                transaction.SendResponse(notAllowed);
                return;
            default:
                _pending.Remove(callId);
                transaction.SendResponse(SipResponse.CreateFor(request, 481, null, request.To?.Tag is null ? SipIds.NewTag() : null));
                return;
        }
    }

    private void Admit(SipServerTransaction invite)
    {
        var request = invite.Request;
        var callId = request.CallId!;
        if (_calleeCallIds.Contains(callId))
        {
            Refuse(invite, 482, "Loop Detected");
            return;
        }
        if (request.MaxForwards is 0)
        {
            Refuse(invite, 483, "Too Many Hops");
            return;
        }
        if (_active.Count >= _services.Options.MaxConcurrentCalls || JournalIsBehind() || !_rate.TryAcquire(Context.System.TimeProvider.GetTimestamp(), Context.System.TimeProvider.TimestampFrequency))
        {
            LogOverloaded(_logger, callId, _active.Count);
            var busy = SipResponse.CreateFor(request, 503, "Service Unavailable", SipIds.NewTag());
            busy.Headers.Add(SipHeaderNames.RetryAfter, _services.Options.RetryAfterHeader);
            invite.SendResponse(busy);
            CallMetrics.CallRefused(503);
            _pending.Remove(callId);
            return;
        }

        var route = _router.Match(request.RequestUri, out var problem);
        (int, string)? refusal = route is null ? (404, "No Route") : null;
        if (route is null)
        {
            LogNoRoute(_logger, callId, problem ?? "no route");
        }
        var call = StartChild(callId);
        _active.Add(callId);
        CallMetrics.CallStarted();
        _ledger.Tell(new CallOpened(callId), Self);
        _pending.Remove(callId, out var pending);
        call.Tell(new StartCall(invite, route, refusal, pending?.Records ?? []), Self);
    }

    /// <summary>True when the journal has more than half its write queue waiting: a new call would only add writes the
    /// disk cannot take, and calls already up must keep theirs. The caller is told to come back (503).</summary>
    private bool JournalIsBehind()
    {
        var writer = Persistence.PersistenceExtension.Get(Context.System).Writer;
        return writer.Pending > writer.QueueCapacity / 2;
    }

    private void Refuse(SipServerTransaction transaction, int code, string reason)
    {
        LogRefused(_logger, transaction.Request.CallId ?? "?", code, reason);
        CallMetrics.CallRefused(code);
        transaction.SendResponse(SipResponse.CreateFor(transaction.Request, code, reason, SipIds.NewTag()));
    }

    private IActorRef StartChild(string callId)
    {
        var name = Uri.EscapeDataString(callId);
        IActorRef call;
        try
        {
            call = Context.ActorOf(CallActor.Props(callId, _services, Self), name);
        }
        catch (InvalidActorNameException)
        {
            // The previous incarnation of this call is still stopping; give the new one its own name.
            call = Context.ActorOf(CallActor.Props(callId, _services, Self), $"{name}~{++_nameCollisions}");
        }
        Context.Watch(call);
        Map(callId, call);
        return call;
    }

    private void Map(string sipCallId, IActorRef call)
    {
        _bySipCallId[sipCallId] = call;
        if (!_sipCallIdsByCall.TryGetValue(call, out var ids))
        {
            ids = [];
            _sipCallIdsByCall[call] = ids;
        }
        ids.Add(sipCallId);
    }

    private void OnRegister(RegisterCallId register)
    {
        Map(register.SipCallId, Sender);
        _calleeCallIds.Add(register.SipCallId);
    }

    private void OnFinished(CallFinished finished)
    {
        if (_active.Remove(finished.CallId))
        {
            CallMetrics.CallFinished();
        }
        if (!finished.RecordingsPending)
        {
            _ledger.Tell(new CallClosed(finished.CallId), Self);
        }
    }

    private void OnChildTerminated(Terminated terminated)
    {
        if (_sipCallIdsByCall.Remove(terminated.ActorRef, out var ids))
        {
            foreach (var id in ids)
            {
                if (_bySipCallId.TryGetValue(id, out var mapped) && mapped.Equals(terminated.ActorRef))
                {
                    _bySipCallId.Remove(id);
                    _calleeCallIds.Remove(id);
                }
            }
        }
    }

    private void OnCallsLeftOpen(CallsLeftOpen open)
    {
        if (open.CallIds.Count > 0)
        {
            LogRecovering(_logger, open.CallIds.Count);
        }
        foreach (var callId in open.CallIds)
        {
            var call = _bySipCallId.TryGetValue(callId, out var existing) ? existing : StartChild(callId);
            call.Tell(FinishAfterRestart.Instance, Self);
        }
    }

    private void ForwardToCall(string callId, object query)
    {
        if (!_bySipCallId.TryGetValue(callId, out var call))
        {
            call = StartChild(callId);
        }
        call.Forward(query);
    }

    /// <summary>Only a call in progress holds a dialog a Replaces can name; the asking call hears back either way.</summary>
    private void OnFindReplacedDialog(FindReplacedDialog find)
    {
        if (_bySipCallId.TryGetValue(find.SipCallId, out var call) && !call.Equals(Sender))
        {
            call.Forward(find);
            return;
        }
        Sender.Tell(new ReplacedDialogRefused(false, "no call on this node holds that dialog"), Self);
    }

    /// <summary>Click-to-call: both parties are routed first (404 naming the one without a route, or the unknown trunk),
    /// then a call actor is started under a new Call-ID (the session id), counted like any call.</summary>
    private void OnStartSession(StartSession start)
    {
        var request = start.Request;
        var host = _services.Transport.AdvertisedHost;
        var callerRoute = _router.Dial(request.Caller, host, request.AccountId, out var problem);
        if (callerRoute is null)
        {
            Sender.Tell(new CallControlRefused(404, "no_route", $"the caller '{CallControlRefused.Shorten(request.Caller)}' cannot be dialled: {problem}"), Self);
            return;
        }
        RoutedCall? calleeRoute;
        if (request.Trunk is { } trunk)
        {
            var route = _router.Find(trunk);
            if (route is null || !CallRouter.Serves(route, request.AccountId))
            {
                Sender.Tell(new CallControlRefused(404, "unknown_trunk", $"no trunk '{CallControlRefused.Shorten(trunk)}' (a route name in callactors.sip.routes) for this account"), Self);
                return;
            }
            calleeRoute = CallRouter.Through(route, CallRouter.UserOf(request.Callee), out problem);
        }
        else
        {
            calleeRoute = _router.Dial(request.Callee, host, request.AccountId, out problem);
        }
        if (calleeRoute is null)
        {
            Sender.Tell(new CallControlRefused(404, "no_route", $"the callee '{CallControlRefused.Shorten(request.Callee)}' cannot be dialled: {problem}"), Self);
            return;
        }
        if (_active.Count >= _services.Options.MaxConcurrentCalls || JournalIsBehind())
        {
            Sender.Tell(new CallControlRefused(503, "overloaded", "the node is at its call limit; try again later"), Self);
            return;
        }
        var callId = SipIds.NewCallId(host);
        var call = StartChild(callId);
        _active.Add(callId);
        CallMetrics.CallStarted();
        _ledger.Tell(new CallOpened(callId), Self);
        call.Forward(new StartSessionCall(request, callerRoute, calleeRoute));
    }

    /// <summary>Only a live call can be hung up; a passivated one has ended, so it is not woken for this.</summary>
    private void OnHangUp(HangUpCall hangUp)
    {
        if (_active.Contains(hangUp.CallId) && _bySipCallId.TryGetValue(hangUp.CallId, out var call))
        {
            call.Forward(hangUp);
            return;
        }
        Sender.Tell(false, Self);
    }

    private void SweepPending()
    {
        var cutoff = Context.System.TimeProvider.GetUtcNow() - PendingTraceLifetime;
        List<string>? stale = null;
        foreach (var (callId, pending) in _pending)
        {
            if (pending.Since < cutoff)
            {
                (stale ??= []).Add(callId);
            }
        }
        stale?.ForEach(id => _pending.Remove(id));
    }

    /// <summary>Replies with the ids of calls in progress (string[]).</summary>
    public sealed record GetActiveCalls
    {
        public static GetActiveCalls Instance { get; } = new();
    }

    /// <summary>Replies with every live call actor (IActorRef[]); asked at shutdown, after everything routed before.</summary>
    public sealed record GetCallActors
    {
        public static GetCallActors Instance { get; } = new();
    }

    private sealed record SweepPendingTraces
    {
        public static SweepPendingTraces Instance { get; } = new();
    }

    private sealed record PendingTraces(DateTimeOffset Since)
    {
        public List<SipTraceRecord> Records { get; } = [];
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Call {CallId}: refused with 503, over the limits ({Active} calls in progress)")]
    private static partial void LogOverloaded(ILogger logger, string callId, int active);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Call {CallId}: {Problem}; answering 404")]
    private static partial void LogNoRoute(ILogger logger, string callId, string problem);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Call {CallId}: INVITE refused with {StatusCode} {Reason}")]
    private static partial void LogRefused(ILogger logger, string callId, int statusCode, string reason);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "{Count} calls were in progress when the node last stopped; finalising them")]
    private static partial void LogRecovering(ILogger logger, int count);
}
