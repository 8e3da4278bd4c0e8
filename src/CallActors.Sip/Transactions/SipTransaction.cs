using CallActors.Sip.Messages;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Transactions;

/// <summary>One RFC 3261 §17 transaction: a request, the responses to it, and the retransmission and timeout timers
/// that run until it is Terminated and leaves the transaction table.</summary>
/// <remarks>
/// Every state change happens under the transaction's own lock; the transport is called under it (so retransmissions
/// and responses leave in order), the transaction user never is. A transaction owns one timer, re-armed for the
/// earlier of two deadlines: the next retransmission (A, E, G, or the 2xx of an INVITE server) and the deadline that
/// ends the current state (B, D, F, H, I, J, K, L, M).
/// </remarks>
public abstract class SipTransaction
{
    private protected static readonly TimeSpan Never = TimeSpan.MaxValue;

    // System timers count whole milliseconds and can fire a hair before the high-resolution clock reaches the
    // deadline; without this the transaction would re-arm for the remaining microseconds.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    private static readonly TimerCallback TimerFired = static state => ((SipTransaction)state!).OnTimerFired();

    private readonly long _startedAt;
    private ITimer? _timer;
    private TimeSpan _retransmitAt = Never;
    private TimeSpan _retransmitInterval;
    private int _state;
    private SipResponse? _lastResponse;
    private volatile object? _owner;

    private protected SipTransaction(
        SipTransactionLayer layer, string key, SipRequest request, bool isReliable, SipTransactionState initialState)
    {
        Layer = layer;
        Key = key;
        Request = request;
        CallId = request.CallId ?? string.Empty;
        IsInvite = request.Method == SipMethods.Invite;
        IsReliable = isReliable;
        _state = (int)initialState;
        _startedAt = layer.Time.GetTimestamp();
    }

    /// <summary>The table key: top Via branch + method (ACK maps to INVITE); for a server transaction also sent-by.</summary>
    public string Key { get; }

    /// <summary>The request that created the transaction. The layer sends this object again for retransmissions:
    /// do not change it after it was sent.</summary>
    public SipRequest Request { get; }

    public SipTransactionState State => (SipTransactionState)Volatile.Read(ref _state);

    public bool IsInvite { get; }

    /// <summary>The transaction user's own reference (which call actor or leg this belongs to).</summary>
    public object? Owner
    {
        get => _owner;
        set => _owner = value;
    }

    /// <summary>Client: the last response received that changed state or reached the TU. Server: the last response sent.</summary>
    public SipResponse? LastResponse => Volatile.Read(ref _lastResponse);

    /// <summary>The request's Call-ID (empty when it has none), for logs.</summary>
    public string CallId { get; }

    /// <summary>True over TCP: no retransmission timers (A, E, G) and timers D, I, J, K are zero.</summary>
    public bool IsReliable { get; }

    private protected SipTransactionLayer Layer { get; }

    private protected Lock Gate { get; } = new();

    private protected SipTimerOptions Timers => Layer.Timers;

    /// <summary>When the current state ends (or <see cref="Never"/>), as time since the transaction started. Under <see cref="Gate"/>.</summary>
    private protected TimeSpan TimeoutAt { get; set; } = Never;

    /// <summary>Time since the transaction started, on the injected clock.</summary>
    private protected TimeSpan Elapsed => Layer.Time.GetElapsedTime(_startedAt);

    public override string ToString() => $"{Request.Method} {Key} ({State})";

    /// <summary>Under <see cref="Gate"/>.</summary>
    private protected void SetState(SipTransactionState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>Under <see cref="Gate"/>.</summary>
    private protected void SetLastResponse(SipResponse response) => Volatile.Write(ref _lastResponse, response);

    /// <summary>Starts retransmitting at T1, growing by <see cref="NextRetransmitInterval"/>. Under <see cref="Gate"/>.</summary>
    private protected void StartRetransmissions()
    {
        _retransmitInterval = Timers.T1;
        _retransmitAt = Elapsed + Timers.T1;
    }

    /// <summary>Under <see cref="Gate"/>.</summary>
    private protected void StopRetransmissions() => _retransmitAt = Never;

    /// <summary>Ends the current state after <paramref name="delay"/>, or now when it is zero (the TCP values of D, I,
    /// J and K). Under <see cref="Gate"/>.</summary>
    private protected void TerminateAfter(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Terminate();
            return;
        }
        TimeoutAt = Elapsed + delay;
    }

    /// <summary>Sends a message again and counts it. Under <see cref="Gate"/>.</summary>
    private protected void Resend(SipMessage message)
    {
        Layer.Transport.Send(message, RemoteEndPoint);
        Layer.CountRetransmissionSent();
    }

    /// <summary>Points the timer at the earlier deadline, or disarms it. Under <see cref="Gate"/>, after deadlines change.</summary>
    private protected void ArmTimer()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }
        var next = _retransmitAt < TimeoutAt ? _retransmitAt : TimeoutAt;
        if (next == Never)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        var due = next - Elapsed;
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }
        if (_timer is null)
        {
            _timer = CreateTimer(due);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Moves to Terminated, drops the timer and leaves the table. Under <see cref="Gate"/>.</summary>
    private protected void Terminate()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }
        SetState(SipTransactionState.Terminated);
        _retransmitAt = Never;
        TimeoutAt = Never;
        _timer?.Dispose();
        _timer = null;
        Layer.Remove(this);
    }

    /// <summary>Where requests (client) or responses (server) go.</summary>
    private protected abstract SipEndPoint RemoteEndPoint { get; }

    /// <summary>The message a retransmission timer re-sends. Under <see cref="Gate"/>.</summary>
    private protected abstract SipMessage MessageToRetransmit { get; }

    /// <summary>The interval after <paramref name="previous"/>: doubling, capped at T2 unless overridden.</summary>
    private protected virtual TimeSpan NextRetransmitInterval(TimeSpan previous)
    {
        var doubled = previous * 2;
        return doubled < Timers.T2 ? doubled : Timers.T2;
    }

    /// <summary>The state's deadline passed: act on it (usually <see cref="Terminate"/>). Returns the reason to
    /// report through <see cref="ISipTransactionUser.OnTimeout"/>, or null when the end is a normal one. Under <see cref="Gate"/>.</summary>
    private protected abstract string? OnDeadline();

    private ITimer CreateTimer(TimeSpan due)
    {
        // The timer outlives the call that armed it (a socket loop, an actor turn): it must not capture and keep
        // alive that thread's ExecutionContext (AsyncLocals, the current Activity).
        if (ExecutionContext.IsFlowSuppressed())
        {
            return Layer.Time.CreateTimer(TimerFired, this, due, Timeout.InfiniteTimeSpan);
        }
        using (ExecutionContext.SuppressFlow())
        {
            return Layer.Time.CreateTimer(TimerFired, this, due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimerFired()
    {
        string? timeout = null;
        try
        {
            lock (Gate)
            {
                if (State == SipTransactionState.Terminated)
                {
                    return;
                }
                // A timer that fired for a deadline moved since then finds nothing due and just re-arms.
                var now = Elapsed + Slack;
                if (TimeoutAt <= now)
                {
                    TimeoutAt = Never;
                    timeout = OnDeadline();
                }
                if (State != SipTransactionState.Terminated && _retransmitAt <= now)
                {
                    Resend(MessageToRetransmit);
                    _retransmitInterval = NextRetransmitInterval(_retransmitInterval);
                    _retransmitAt += _retransmitInterval;
                }
                ArmTimer();
            }
            if (timeout is not null)
            {
                Layer.ReportTimeout(this, timeout);
            }
        }
        catch (Exception exception)
        {
            // An exception escaping a timer callback would end the process.
            Layer.Log.TimerFailed(Key, CallId, exception);
        }
    }
}
