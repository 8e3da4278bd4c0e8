using CallActors.Sip.Transport;

namespace CallActors.Sip.Transactions;

/// <summary>The transaction user (in our node: a dispatcher that forwards to call actors). Called on transport and
/// timer threads, never under a transaction's lock; must be quick and should not throw (exceptions are logged and
/// swallowed).</summary>
public interface ISipTransactionUser
{
    /// <summary>A new request (never a retransmission). A server transaction exists already; for INVITE a 100 Trying
    /// was already sent. CANCEL arrives here too (its own non-INVITE server transaction); the TU finds the INVITE with
    /// <see cref="SipTransactionLayer.FindInviteServerTransaction"/>.</summary>
    void OnRequest(SipServerTransaction transaction);

    /// <summary>An ACK not absorbed by an INVITE server transaction in Completed (i.e. the ACK for a 2xx, which has
    /// its own branch). <paramref name="invite"/> is the INVITE server transaction it acknowledges when that is still
    /// in Accepted (matched by Call-ID + CSeq number + To tag), else null.</summary>
    void OnAck(SipInbound ack, SipServerTransaction? invite);

    /// <summary>A response for a client transaction: provisional, final, and for INVITE every 2xx including
    /// retransmissions in Accepted (the TU re-sends its ACK for them). Retransmitted non-2xx finals are absorbed (the
    /// transaction re-sends the ACK itself).</summary>
    void OnResponse(SipClientTransaction transaction, SipInbound response);

    /// <summary>Client: timer B or F fired (no final response), or no final response came within 64*T1 of a CANCEL.
    /// Server INVITE: timer H fired (no ACK for a non-2xx) or timer L fired without the ACK for a 2xx (RFC 3261
    /// §13.3.1.4: the TU should end the session with BYE).</summary>
    void OnTimeout(SipTransaction transaction);

    /// <summary>A response that matches no client transaction: counted; the TU may log it.</summary>
    void OnStrayResponse(SipInbound response);
}
