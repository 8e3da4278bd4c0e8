using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Transactions;

/// <summary>A request we sent and the responses to it (RFC 3261 §17.1 with RFC 6026): retransmits over UDP, times
/// out, and for INVITE acknowledges non-2xx finals itself.</summary>
public sealed class SipClientTransaction : SipTransaction
{
    private SipRequest? _ack;
    private TimeSpan _cancelDeadline = Never;

    internal SipClientTransaction(SipTransactionLayer layer, string key, SipRequest request, SipEndPoint destination, object? owner)
        : base(
            layer,
            key,
            request,
            destination.Protocol == SipProtocol.Tcp,
            request.Method == SipMethods.Invite ? SipTransactionState.Calling : SipTransactionState.Trying)
    {
        Destination = destination;
        Owner = owner;
    }

    /// <summary>Where the request (and its retransmissions, and the ACK for a non-2xx) goes.</summary>
    public SipEndPoint Destination { get; }

    private protected override SipEndPoint RemoteEndPoint => Destination;

    private protected override SipMessage MessageToRetransmit => Request;

    /// <summary>The CANCEL for this INVITE (RFC 3261 §9.1): same Request-URI, Call-ID, From, To, CSeq number, method
    /// CANCEL, the INVITE's top Via (same branch), same Route headers, Max-Forwards. Send it with
    /// <see cref="SipTransactionLayer.SendRequest"/> to <see cref="Destination"/>, and only once a provisional response
    /// has arrived and no final one has.</summary>
    /// <exception cref="InvalidOperationException">The transaction is not an INVITE.</exception>
    public SipRequest CreateCancel()
    {
        if (!IsInvite)
        {
            throw new InvalidOperationException($"Only an INVITE can be cancelled, not {Request.Method} (RFC 3261 §9.1)");
        }
        return CreateFromInvite(SipMethods.Cancel, Request.Headers.Get(SipHeaderNames.To));
    }

    /// <summary>Sends the request and starts timers A/E and B/F.</summary>
    internal void Start()
    {
        lock (Gate)
        {
            Layer.Transport.Send(Request, Destination);
            if (!IsReliable)
            {
                StartRetransmissions();
            }
            TimeoutAt = Elapsed + Timers.TransactionTimeout;
            ArmTimer();
        }
    }

    /// <summary>Runs the state machine for a response; true when the transaction user should see it.</summary>
    internal bool ReceiveResponse(SipResponse response)
    {
        lock (Gate)
        {
            return IsInvite ? ReceiveInviteResponse(response) : ReceiveNonInviteResponse(response);
        }
    }

    /// <summary>A CANCEL for this INVITE was sent. RFC 3261 §9.1: when no final response arrives within 64*T1 the
    /// INVITE counts as cancelled; without this, an INVITE in Proceeding whose peer ignores the CANCEL would never end.</summary>
    internal void CancelSent()
    {
        lock (Gate)
        {
            if (State is not (SipTransactionState.Calling or SipTransactionState.Proceeding))
            {
                return;
            }
            _cancelDeadline = Elapsed + Timers.TransactionTimeout;
            if (_cancelDeadline < TimeoutAt)
            {
                TimeoutAt = _cancelDeadline;
                ArmTimer();
            }
        }
    }

    private protected override TimeSpan NextRetransmitInterval(TimeSpan previous) =>
        IsInvite ? previous * 2 // timer A is not capped (§17.1.1.2)
        : State == SipTransactionState.Proceeding ? Timers.T2 // §17.1.2.2: E fires at T2 once a 1xx came
        : base.NextRetransmitInterval(previous);

    private protected override string? OnDeadline()
    {
        var state = State;
        Terminate();
        return state switch
        {
            SipTransactionState.Calling => "timer B",
            SipTransactionState.Proceeding when IsInvite => "no final response within 64*T1 of the CANCEL",
            SipTransactionState.Trying or SipTransactionState.Proceeding => "timer F",
            _ => null, // D, K, M: the normal end
        };
    }

    private bool ReceiveInviteResponse(SipResponse response)
    {
        var code = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Proceeding when code < 200:
                SetState(SipTransactionState.Proceeding);
                SetLastResponse(response);
                StopRetransmissions();
                TimeoutAt = _cancelDeadline; // timer B only acts in Calling
                ArmTimer();
                return true;
            case SipTransactionState.Calling or SipTransactionState.Proceeding when code < 300:
                SetState(SipTransactionState.Accepted);
                SetLastResponse(response);
                StopRetransmissions();
                TimeoutAt = Elapsed + Timers.TransactionTimeout; // timer M
                ArmTimer();
                return true;
            case SipTransactionState.Calling or SipTransactionState.Proceeding:
                SetState(SipTransactionState.Completed);
                SetLastResponse(response);
                StopRetransmissions();
                _ack = CreateFromInvite(SipMethods.Ack, response.Headers.Get(SipHeaderNames.To));
                Layer.Transport.Send(_ack, Destination);
                TimeoutAt = Never;
                TerminateAfter(IsReliable ? TimeSpan.Zero : SipTimerOptions.TimerD);
                ArmTimer();
                return true;
            case SipTransactionState.Accepted when code is >= 200 and < 300:
                // Retransmissions and 2xx from other forks: the TU (re-)sends the ACK from the dialog.
                SetLastResponse(response);
                return true;
            case SipTransactionState.Completed when code >= 300:
                Layer.CountRetransmissionAbsorbed();
                Resend(_ack!);
                return false;
            default:
                Layer.Log.ResponseIgnored(response.StatusCode, Key, State, CallId);
                return false;
        }
    }

    private bool ReceiveNonInviteResponse(SipResponse response)
    {
        switch (State)
        {
            case SipTransactionState.Trying or SipTransactionState.Proceeding when response.StatusCode < 200:
                SetState(SipTransactionState.Proceeding);
                SetLastResponse(response);
                return true;
            case SipTransactionState.Trying or SipTransactionState.Proceeding:
                SetState(SipTransactionState.Completed);
                SetLastResponse(response);
                StopRetransmissions();
                TimeoutAt = Never;
                TerminateAfter(IsReliable ? TimeSpan.Zero : Timers.T4); // timer K
                ArmTimer();
                return true;
            case SipTransactionState.Completed when response.StatusCode >= 200:
                Layer.CountRetransmissionAbsorbed();
                return false;
            default:
                Layer.Log.ResponseIgnored(response.StatusCode, Key, State, CallId);
                return false;
        }
    }

    /// <summary>The CANCEL (§9.1) or the ACK for a non-2xx (§17.1.1.3): one Via, the INVITE's top one; the INVITE's
    /// Request-URI, Route set, Max-Forwards, From, Call-ID and CSeq number; the given To.</summary>
    private SipRequest CreateFromInvite(string method, string? to)
    {
        var source = Request.Headers;
        var headers = new SipHeaders();
        headers.Add(SipHeaderNames.Via, source.GetFirstValue(SipHeaderNames.Via)!);
        foreach (var line in source)
        {
            if (line.Name == SipHeaderNames.Route)
            {
                headers.Add(SipHeaderNames.Route, line.Value);
            }
        }
        headers.Add(SipHeaderNames.MaxForwards, source.Get(SipHeaderNames.MaxForwards) ?? "70");
        CopyIfPresent(source, headers, SipHeaderNames.From);
        if (to is not null)
        {
            headers.Add(SipHeaderNames.To, to);
        }
        CopyIfPresent(source, headers, SipHeaderNames.CallId);
        headers.Add(SipHeaderNames.CSeq, new CSeqHeader(Request.CSeq!.Value.Number, method).ToString());
        return new SipRequest(method, Request.RequestUri.Clone(), headers);
    }

    private static void CopyIfPresent(SipHeaders from, SipHeaders to, string name)
    {
        if (from.Get(name) is { } value)
        {
            to.Add(name, value);
        }
    }
}
