namespace CallActors.Sip.Transactions;

/// <summary>The states of the RFC 3261 §17 transaction machines, with RFC 6026's Accepted.</summary>
public enum SipTransactionState
{
    /// <summary>INVITE client: the INVITE is sent, no response yet.</summary>
    Calling,

    /// <summary>Non-INVITE client or server: the request is sent or received, no response yet.</summary>
    Trying,

    /// <summary>A provisional response was received (client) or sent (server); an INVITE server transaction starts here.</summary>
    Proceeding,

    /// <summary>INVITE, RFC 6026: a 2xx was received (client) or sent (server); the ACK is the dialog's business.</summary>
    Accepted,

    /// <summary>A final response (for INVITE, a non-2xx) was received or sent; retransmissions are absorbed.</summary>
    Completed,

    /// <summary>INVITE server: the ACK for the non-2xx arrived; later ACKs are absorbed until timer I.</summary>
    Confirmed,

    /// <summary>Finished and removed from the transaction table.</summary>
    Terminated,
}
