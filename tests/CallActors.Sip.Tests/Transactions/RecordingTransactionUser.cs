using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transactions;

/// <summary>A transaction user that records every call, with the time it came (milliseconds since the test started).</summary>
internal sealed class RecordingTransactionUser(TimeProvider time) : ISipTransactionUser
{
    private readonly DateTimeOffset _start = time.GetUtcNow();
    private readonly Lock _gate = new();
    private readonly List<SipServerTransaction> _requests = [];
    private readonly List<(SipInbound Ack, SipServerTransaction? Invite)> _acks = [];
    private readonly List<(SipClientTransaction Transaction, SipInbound Response)> _responses = [];
    private readonly List<(SipTransaction Transaction, long AtMilliseconds)> _timeouts = [];
    private readonly List<SipInbound> _strays = [];

    /// <summary>Runs on each new request, after it is recorded (answers it, or throws to test failure handling).</summary>
    public Action<SipServerTransaction>? OnRequestHook { get; set; }

    public IReadOnlyList<SipServerTransaction> Requests => Snapshot(_requests);

    public IReadOnlyList<(SipInbound Ack, SipServerTransaction? Invite)> Acks => Snapshot(_acks);

    public IReadOnlyList<(SipClientTransaction Transaction, SipInbound Response)> Responses => Snapshot(_responses);

    public IReadOnlyList<(SipTransaction Transaction, long AtMilliseconds)> Timeouts => Snapshot(_timeouts);

    public IReadOnlyList<SipInbound> Strays => Snapshot(_strays);

    /// <summary>The status codes the TU saw, in order.</summary>
    public int[] ResponseCodes => [.. Responses.Select(r => ((Messages.SipResponse)r.Response.Message).StatusCode)];

    public void OnRequest(SipServerTransaction transaction)
    {
        lock (_gate)
        {
            _requests.Add(transaction);
        }
        OnRequestHook?.Invoke(transaction);
    }

    public void OnAck(SipInbound ack, SipServerTransaction? invite)
    {
        lock (_gate)
        {
            _acks.Add((ack, invite));
        }
    }

    public void OnResponse(SipClientTransaction transaction, SipInbound response)
    {
        lock (_gate)
        {
            _responses.Add((transaction, response));
        }
    }

    public void OnTimeout(SipTransaction transaction)
    {
        var at = (long)(time.GetUtcNow() - _start).TotalMilliseconds;
        lock (_gate)
        {
            _timeouts.Add((transaction, at));
        }
    }

    public void OnStrayResponse(SipInbound response)
    {
        lock (_gate)
        {
            _strays.Add(response);
        }
    }

    private T[] Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
