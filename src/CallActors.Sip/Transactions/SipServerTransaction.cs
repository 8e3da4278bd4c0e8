using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Transactions;

/// <summary>A request we received and the responses we send to it (RFC 3261 §17.2 with RFC 6026): answers
/// retransmitted requests with the last response, retransmits INVITE finals, and waits for the ACK.</summary>
public sealed class SipServerTransaction : SipTransaction
{
    private bool _acknowledged;

    internal SipServerTransaction(SipTransactionLayer layer, string key, SipInbound source, SipRequest request)
        : base(
            layer,
            key,
            request,
            source.Remote.Protocol == SipProtocol.Tcp,
            request.Method == SipMethods.Invite ? SipTransactionState.Proceeding : SipTransactionState.Trying)
    {
        Source = source;
        ResponseDestination = SipResponseRouting.DestinationFor(source);
    }

    /// <summary>The request as it arrived (source address, receiving socket).</summary>
    public SipInbound Source { get; }

    /// <summary>Where responses go (RFC 3261 §18.2.2, RFC 3581): <see cref="SipResponseRouting.DestinationFor"/>.</summary>
    public SipEndPoint ResponseDestination { get; }

    /// <summary>While an INVITE is in Accepted: Call-ID + CSeq number + To tag of its 2xx, which the ACK for it carries.</summary>
    internal string? AcceptedKey { get; private set; }

    private protected override SipEndPoint RemoteEndPoint => ResponseDestination;

    private protected override SipMessage MessageToRetransmit => LastResponse!;

    /// <summary>Sends a response and runs the state machine: a 1xx is kept for retransmitted requests; an INVITE 2xx
    /// moves to Accepted (the 2xx is re-sent at T1, 2T1, … capped at T2 until the ACK, on every transport as RFC 3261
    /// §13.3.1.4 asks; timer L = 64*T1 ends Accepted, and without the ACK by then the TU gets OnTimeout); an INVITE
    /// 3xx–6xx moves to Completed (timer G re-sends on UDP, H = 64*T1 gives up with OnTimeout, the ACK moves to
    /// Confirmed, then timer I = T4, 0 on TCP); a non-INVITE final moves to Completed (timer J = 64*T1, 0 on TCP).
    /// A response after a final one is not sent (logged).</summary>
    public void SendResponse(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var code = response.StatusCode;
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 100, nameof(response));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699, nameof(response));
        lock (Gate)
        {
            if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
            {
                Layer.Log.LateResponseNotSent(code, Key, State, CallId);
                return;
            }
            SetLastResponse(response);
            if (code < 200)
            {
                SetState(SipTransactionState.Proceeding);
                Layer.Transport.Send(response, ResponseDestination);
                return;
            }
            if (!IsInvite)
            {
                SetState(SipTransactionState.Completed);
                Layer.Transport.Send(response, ResponseDestination);
                TerminateAfter(IsReliable ? TimeSpan.Zero : Timers.TransactionTimeout); // timer J
                ArmTimer();
                return;
            }
            if (code < 300)
            {
                SetState(SipTransactionState.Accepted);
                // Registered before the 2xx leaves, so that its ACK cannot overtake the registration.
                if (response.CSeq is { } cseq && response.To?.Tag is { } toTag)
                {
                    AcceptedKey = SipTransactionKeys.ForAccepted(CallId, cseq.Number, toTag);
                    Layer.AddAccepted(AcceptedKey, this);
                }
                Layer.Transport.Send(response, ResponseDestination);
                StartRetransmissions();
                TimeoutAt = Elapsed + Timers.TransactionTimeout; // timer L
                ArmTimer();
                return;
            }
            SetState(SipTransactionState.Completed);
            Layer.Transport.Send(response, ResponseDestination);
            if (!IsReliable)
            {
                StartRetransmissions(); // timer G
            }
            TimeoutAt = Elapsed + Timers.TransactionTimeout; // timer H
            ArmTimer();
        }
    }

    /// <summary>Sends 100 Trying for an INVITE (a B2BUA's answer takes longer than 200 ms, RFC 3261 §17.2.1).</summary>
    internal void Start()
    {
        if (!IsInvite)
        {
            return;
        }
        var trying = SipResponse.CreateFor(Request, 100);
        lock (Gate)
        {
            SetLastResponse(trying);
            Layer.Transport.Send(trying, ResponseDestination);
        }
    }

    /// <summary>The request arrived again: absorbed, and answered with the last response (none in Trying, none in
    /// Confirmed, where the peer has already acknowledged the final one).</summary>
    internal void ReceiveRetransmission()
    {
        lock (Gate)
        {
            Layer.CountRetransmissionAbsorbed();
            if (State is not (SipTransactionState.Confirmed or SipTransactionState.Terminated) && LastResponse is { } last)
            {
                Resend(last);
            }
        }
    }

    /// <summary>An ACK with this INVITE's branch and sent-by (§17.2.3).</summary>
    internal AckMatch ReceiveAck()
    {
        lock (Gate)
        {
            switch (State)
            {
                case SipTransactionState.Completed:
                    SetState(SipTransactionState.Confirmed);
                    StopRetransmissions();
                    TimeoutAt = Never;
                    TerminateAfter(IsReliable ? TimeSpan.Zero : Timers.T4); // timer I
                    ArmTimer();
                    return AckMatch.Absorbed;
                case SipTransactionState.Confirmed:
                    Layer.CountRetransmissionAbsorbed();
                    return AckMatch.Absorbed;
                case SipTransactionState.Proceeding:
                    return AckMatch.Dropped;
                default:
                    // Accepted: the ACK for a 2xx, even one that reuses the INVITE's branch, is matched by Call-ID,
                    // CSeq number and To tag like any other. Terminated: the transaction has just ended.
                    return AckMatch.NotMatched;
            }
        }
    }

    /// <summary>The ACK for our 2xx arrived (matched by Call-ID, CSeq number and To tag); false when the transaction
    /// has left Accepted already.</summary>
    internal bool AcknowledgeAccepted()
    {
        lock (Gate)
        {
            if (State != SipTransactionState.Accepted)
            {
                return false;
            }
            // Stays in Accepted until timer L to absorb retransmitted INVITEs (RFC 6026 §8.7).
            _acknowledged = true;
            StopRetransmissions();
            ArmTimer();
            return true;
        }
    }

    private protected override string? OnDeadline()
    {
        var state = State;
        var acknowledged = _acknowledged;
        Terminate();
        return state switch
        {
            SipTransactionState.Accepted when !acknowledged => "timer L: no ACK for the 2xx",
            SipTransactionState.Completed when IsInvite => "timer H: no ACK for the final response",
            _ => null, // I, J, and L after the ACK: the normal end
        };
    }

    /// <summary>What an ACK matched by transaction key did.</summary>
    internal enum AckMatch
    {
        /// <summary>The ACK for our non-2xx (or a retransmission of it): the transaction keeps it.</summary>
        Absorbed,

        /// <summary>An ACK before any final response: dropped.</summary>
        Dropped,

        /// <summary>Not this transaction's to keep: the ACK for a 2xx, or the transaction has just ended.</summary>
        NotMatched,
    }
}
