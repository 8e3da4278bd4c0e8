using System.Collections.Concurrent;
using CallActors.Sip.Messages;
using CallActors.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace CallActors.Sip.Transactions;

/// <summary>The RFC 3261 §17 transaction layer (with RFC 6026's Accepted states): matches every received message to
/// a transaction, absorbs retransmissions, runs the timers, and hands the rest to the transaction user.</summary>
public sealed class SipTransactionLayer : ISipMessageSink
{
    /// <summary>The System.Diagnostics.Metrics meter the layer reports to.</summary>
    public const string MeterName = "CallActors.Sip";

    private readonly ConcurrentDictionary<string, SipClientTransaction> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipServerTransaction> _servers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SipServerTransaction> _accepted = new(StringComparer.Ordinal);
    private readonly ISipTransactionUser _user;
    private int _count;
    private long _retransmissionsSent;
    private long _retransmissionsAbsorbed;
    private long _timeouts;
    private long _strayResponses;

    /// <param name="transport">Sends every message; called under a transaction's lock.</param>
    /// <param name="user">Gets new requests, 2xx ACKs, responses and timeouts; never called under a lock.</param>
    /// <param name="timers">Validated here.</param>
    /// <param name="time">Runs every timer (one per transaction).</param>
    /// <param name="logger">Timeouts, stray and late messages, failures of the transaction user.</param>
    public SipTransactionLayer(
        ISipTransport transport,
        ISipTransactionUser user,
        SipTimerOptions timers,
        TimeProvider time,
        ILogger<SipTransactionLayer> logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(timers);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        timers.Validate();
        Transport = transport;
        _user = user;
        Timers = timers;
        Time = time;
        Log = new SipTransactionLog(logger);
    }

    /// <summary>Live transactions (client and server).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Messages sent again: timers A, E and G, the 2xx of an INVITE server, the last response for a
    /// retransmitted request, the ACK for a retransmitted non-2xx final.</summary>
    public long RetransmissionsSent => Interlocked.Read(ref _retransmissionsSent);

    /// <summary>Retransmitted requests, ACKs (for a non-2xx) and responses (non-INVITE finals, INVITE non-2xx finals)
    /// that a transaction kept from the transaction user.</summary>
    public long RetransmissionsAbsorbed => Interlocked.Read(ref _retransmissionsAbsorbed);

    /// <summary>Timeouts reported through <see cref="ISipTransactionUser.OnTimeout"/>.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Responses that matched no client transaction.</summary>
    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    internal ISipTransport Transport { get; }

    internal SipTimerOptions Timers { get; }

    internal TimeProvider Time { get; }

    internal SipTransactionLog Log { get; }

    /// <summary>Starts a client transaction: sends the request and runs its timers. INVITE: timer A re-sends over UDP
    /// (T1 doubling), B = 64*T1 reports a timeout (only in Calling); a 1xx moves to Proceeding; a 2xx to Accepted
    /// (timer M = 64*T1); a 3xx–6xx to Completed, where the transaction sends the ACK itself (§17.1.1.3) and re-sends
    /// it for retransmitted finals until timer D = 32 s (0 on TCP). Non-INVITE: timer E re-sends over UDP (T1
    /// doubling capped at T2; every T2 in Proceeding), F = 64*T1 reports a timeout, a final moves to Completed until
    /// timer K = T4 (0 on TCP). A CANCEL also bounds the INVITE it cancels: without a final response 64*T1 after the
    /// CANCEL, the INVITE reports a timeout (§9.1).</summary>
    /// <param name="request">Has a top Via with a fresh branch starting with z9hG4bK, and a CSeq naming its method.
    /// Not an ACK (the ACK for a 2xx goes through <see cref="SendStateless"/>).</param>
    /// <param name="destination">The next hop.</param>
    /// <param name="owner">Stored in <see cref="SipTransaction.Owner"/>.</param>
    public SipClientTransaction SendRequest(SipRequest request, SipEndPoint destination, object? owner = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method == SipMethods.Ack)
        {
            throw new ArgumentException("An ACK has no client transaction: send the ACK for a 2xx with SendStateless", nameof(request));
        }
        var branch = request.TopVia?.Branch;
        if (branch is null || branch.Length <= ViaHeader.MagicCookie.Length || !branch.StartsWith(ViaHeader.MagicCookie, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {request.Method} needs a top Via with a branch starting with {ViaHeader.MagicCookie}, got '{branch}'", nameof(request));
        }
        if (request.CSeq is not { } cseq || cseq.Method != request.Method)
        {
            throw new ArgumentException($"The {request.Method} needs a CSeq with the same method", nameof(request));
        }
        var key = SipTransactionKeys.ForClient(branch, request.Method);
        var transaction = new SipClientTransaction(this, key, request, destination, owner);
        if (!_clients.TryAdd(key, transaction))
        {
            throw new ArgumentException($"Branch {branch} is already used by a {request.Method} client transaction", nameof(request));
        }
        Added();
        if (request.Method == SipMethods.Cancel
            && _clients.TryGetValue(SipTransactionKeys.ForClient(branch, SipMethods.Invite), out var invite))
        {
            invite.CancelSent();
        }
        transaction.Start();
        return transaction;
    }

    /// <summary>Sends without a transaction (the ACK for a 2xx, which the TU builds from the dialog).</summary>
    public void SendStateless(SipMessage message, SipEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        Transport.Send(message, destination);
    }

    /// <summary>Answers a request that gets no transaction (503 when overloaded, 400 for a broken request): the
    /// response is built with <see cref="SipResponse.CreateFor"/> (with a fresh To tag above 100, RFC 3261 §8.2.6.2),
    /// changed by <paramref name="customize"/>, and routed with <see cref="SipResponseRouting"/>.</summary>
    public void RespondStateless(SipInbound request, int statusCode, string? reasonPhrase = null, Action<SipResponse>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Message is not SipRequest sipRequest || sipRequest.Method == SipMethods.Ack)
        {
            throw new ArgumentException("Only a request other than ACK can be answered", nameof(request));
        }
        var response = SipResponse.CreateFor(sipRequest, statusCode, reasonPhrase, statusCode > 100 ? SipIds.NewTag() : null);
        customize?.Invoke(response);
        Transport.Send(response, SipResponseRouting.DestinationFor(request));
    }

    /// <summary>The INVITE server transaction a CANCEL targets (RFC 3261 §9.2: same branch and sent-by, method
    /// INVITE), or null.</summary>
    public SipServerTransaction? FindInviteServerTransaction(SipRequest cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        if (cancel.TopVia is not { } via || cancel.CSeq is not { } cseq)
        {
            return null;
        }
        var key = SipTransactionKeys.ForServer(cancel, via, cseq, SipMethods.Invite);
        return _servers.TryGetValue(key, out var invite) ? invite : null;
    }

    /// <summary>Every message the transport parsed: requests to server transactions, responses to client ones.</summary>
    public void OnMessage(SipInbound inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        switch (inbound.Message)
        {
            case SipRequest request:
                ReceiveRequest(inbound, request);
                break;
            case SipResponse response:
                ReceiveResponse(inbound, response);
                break;
        }
    }

    internal void CountRetransmissionSent()
    {
        Interlocked.Increment(ref _retransmissionsSent);
        SipTransactionMetrics.RetransmissionsSent.Add(1);
    }

    internal void CountRetransmissionAbsorbed()
    {
        Interlocked.Increment(ref _retransmissionsAbsorbed);
        SipTransactionMetrics.RetransmissionsAbsorbed.Add(1);
    }

    internal void AddAccepted(string key, SipServerTransaction invite) => _accepted[key] = invite;

    /// <summary>Takes a Terminated transaction out of the tables (called by the transaction, under its lock).</summary>
    internal void Remove(SipTransaction transaction)
    {
        var removed = transaction switch
        {
            SipClientTransaction client => _clients.TryRemove(new KeyValuePair<string, SipClientTransaction>(client.Key, client)),
            SipServerTransaction server => RemoveServer(server),
            _ => false,
        };
        if (removed)
        {
            Interlocked.Decrement(ref _count);
            SipTransactionMetrics.Active.Add(-1);
        }
    }

    /// <summary>Counts, logs and reports a timeout (called by the transaction, outside its lock).</summary>
    internal void ReportTimeout(SipTransaction transaction, string reason)
    {
        Interlocked.Increment(ref _timeouts);
        SipTransactionMetrics.Timeouts.Add(1);
        Log.TimedOut(transaction.Key, reason, transaction.CallId);
        CallUser(nameof(ISipTransactionUser.OnTimeout), transaction.CallId, transaction, static (user, t) => user.OnTimeout(t));
    }

    /// <summary>Calls the transaction user; what it throws is logged, and never reaches the socket loop or a timer thread.</summary>
    private void CallUser<TState>(string callback, string callId, TState state, Action<ISipTransactionUser, TState> call)
    {
        try
        {
            call(_user, state);
        }
        catch (Exception exception)
        {
            Log.UserFailed(callback, callId, exception);
        }
    }

    private bool RemoveServer(SipServerTransaction server)
    {
        if (server.AcceptedKey is { } acceptedKey)
        {
            _accepted.TryRemove(new KeyValuePair<string, SipServerTransaction>(acceptedKey, server));
        }
        return _servers.TryRemove(new KeyValuePair<string, SipServerTransaction>(server.Key, server));
    }

    private void Added()
    {
        Interlocked.Increment(ref _count);
        SipTransactionMetrics.Active.Add(1);
    }

    private void ReceiveRequest(SipInbound inbound, SipRequest request)
    {
        if (request.TopVia is not { } via || request.CSeq is not { } cseq)
        {
            Log.RequestWithoutKey(request.Method, request.CallId ?? string.Empty);
            return;
        }
        if (request.Method == SipMethods.Ack)
        {
            ReceiveAck(inbound, request, SipTransactionKeys.ForServer(request, via, cseq, SipMethods.Invite), cseq);
            return;
        }
        var key = SipTransactionKeys.ForServer(request, via, cseq, request.Method);
        if (_servers.TryGetValue(key, out var existing))
        {
            existing.ReceiveRetransmission();
            return;
        }
        var transaction = new SipServerTransaction(this, key, inbound, request);
        if (!_servers.TryAdd(key, transaction))
        {
            // The same request arrived twice at once on two threads; the other copy made the transaction.
            if (_servers.TryGetValue(key, out existing))
            {
                existing.ReceiveRetransmission();
            }
            return;
        }
        Added();
        transaction.Start();
        CallUser(nameof(ISipTransactionUser.OnRequest), transaction.CallId, transaction, static (user, t) => user.OnRequest(t));
    }

    private void ReceiveAck(SipInbound inbound, SipRequest ack, string inviteKey, CSeqHeader cseq)
    {
        if (_servers.TryGetValue(inviteKey, out var matched))
        {
            switch (matched.ReceiveAck())
            {
                case SipServerTransaction.AckMatch.Absorbed:
                    return;
                case SipServerTransaction.AckMatch.Dropped:
                    Log.EarlyAckDropped(matched.Key, matched.CallId);
                    return;
            }
        }
        SipServerTransaction? invite = null;
        if (ack.To?.Tag is { } toTag
            && _accepted.TryGetValue(SipTransactionKeys.ForAccepted(ack.CallId ?? string.Empty, cseq.Number, toTag), out var accepted)
            && accepted.AcknowledgeAccepted())
        {
            invite = accepted;
        }
        CallUser(nameof(ISipTransactionUser.OnAck), ack.CallId ?? string.Empty, (inbound, invite), static (user, a) => user.OnAck(a.inbound, a.invite));
    }

    private void ReceiveResponse(SipInbound inbound, SipResponse response)
    {
        var cseq = response.CSeq;
        if (response.TopVia?.Branch is { } branch
            && cseq is { } value
            && _clients.TryGetValue(SipTransactionKeys.ForClient(branch, value.Method), out var transaction))
        {
            if (transaction.ReceiveResponse(response))
            {
                CallUser(nameof(ISipTransactionUser.OnResponse), transaction.CallId, (transaction, inbound), static (user, r) => user.OnResponse(r.transaction, r.inbound));
            }
            return;
        }
        Interlocked.Increment(ref _strayResponses);
        SipTransactionMetrics.StrayResponses.Add(1);
        var callId = response.CallId ?? string.Empty;
        Log.StrayResponse(response.StatusCode, cseq?.Method ?? string.Empty, callId);
        CallUser(nameof(ISipTransactionUser.OnStrayResponse), callId, inbound, static (user, r) => user.OnStrayResponse(r));
    }
}
