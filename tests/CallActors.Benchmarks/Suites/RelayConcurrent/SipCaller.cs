using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CallActors.Sip.Messages;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>The harness's calling user agent: sends the calls' INVITEs to the node at a set pace, ACKs each 2xx, and at
/// the end sends the BYEs the same way. A request without an answer is resent each second.</summary>
internal sealed class SipCaller : IAsyncDisposable
{
    private const int MaxSends = 7;
    private static readonly TimeSpan Resend = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(32); // RFC 3261's 64 * T1

    private readonly SipSocket _socket;
    private readonly IPEndPoint _node;
    private readonly ConcurrentDictionary<string, CallerDialog> _calls = new();

    public SipCaller(IPAddress address, IPEndPoint node)
    {
        _node = node;
        _socket = new SipSocket(new IPEndPoint(address, 0), OnMessage);
    }

    /// <summary>Places one call per RTP socket (Request-URI user <c>{userPrefix}-{i}</c>) and returns them answered, in order.</summary>
    public async Task<IReadOnlyList<CallerDialog>> CallAsync(string userPrefix, IReadOnlyList<Socket> rtpSockets, int perSecond)
    {
        var dialogs = rtpSockets
            .Select((rtp, i) => new CallerDialog(string.Create(CultureInfo.InvariantCulture, $"{userPrefix}-{i}"), _node, _socket.LocalEndPoint, rtp))
            .ToList();
        foreach (var dialog in dialogs)
        {
            _calls[dialog.CallId] = dialog;
        }
        await RunAsync(dialogs.ConvertAll(d => d.Invite), perSecond);
        if (dialogs.Find(d => d.RtpSendsTo is null) is { } silent)
        {
            throw new InvalidOperationException($"the 200 OK for {silent.User} carried no usable SDP");
        }
        return dialogs;
    }

    public async Task HangUpAsync(IReadOnlyList<CallerDialog> dialogs, int perSecond)
    {
        try
        {
            await RunAsync(dialogs.Select(d => d.HangUp()).ToList(), perSecond);
        }
        finally
        {
            foreach (var dialog in dialogs)
            {
                _calls.TryRemove(dialog.CallId, out _);
            }
        }
    }

    public ValueTask DisposeAsync() => _socket.DisposeAsync();

    /// <summary>Sends the requests at <paramref name="perSecond"/>, resending each until answered, and waits for every final response.</summary>
    private async Task RunAsync(IReadOnlyList<ClientTransaction> transactions, int perSecond)
    {
        using var stop = new CancellationTokenSource();
        var resending = ResendAsync(transactions, stop.Token);
        try
        {
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < transactions.Count; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / perSecond) - Stopwatch.GetElapsedTime(started);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }
                transactions[i].Send(_socket, _node);
            }
            await Task.WhenAll(transactions.Select(t => t.Final)).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            _socket.ThrowIfFailed();
            var unanswered = transactions.Count(t => !t.Final.IsCompleted);
            throw new InvalidOperationException($"{unanswered} of {transactions.Count} {transactions[0].Method}s got no final response in {Timeout.TotalSeconds:0} s");
        }
        finally
        {
            await stop.CancelAsync();
            await resending;
        }
        if (transactions.Select(t => t.Final.Result).FirstOrDefault(r => !r.IsSuccess) is { } failure)
        {
            var failed = transactions.Count(t => !t.Final.Result.IsSuccess);
            throw new InvalidOperationException($"{failed} of {transactions.Count} {transactions[0].Method}s failed, e.g. {failure.StatusCode} {failure.ReasonPhrase}");
        }
    }

    private async Task ResendAsync(IReadOnlyList<ClientTransaction> transactions, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                foreach (var transaction in transactions)
                {
                    if (transaction.Sends is > 0 and < MaxSends && !transaction.Proceeding && !transaction.Final.IsCompleted
                        && transaction.SinceLastSent >= Resend)
                    {
                        transaction.Send(_socket, _node);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // done
        }
    }

    private void OnMessage(SipMessage message, IPEndPoint from)
    {
        if (message is not SipResponse response || response.CallId is not { } callId || !_calls.TryGetValue(callId, out var dialog))
        {
            return;
        }
        var transaction = response.CSeq?.Method switch
        {
            SipMethods.Invite => dialog.Invite,
            SipMethods.Bye => dialog.Bye,
            _ => null,
        };
        if (transaction is null)
        {
            return;
        }
        if (response.IsProvisional)
        {
            transaction.Proceeding = true;
            return;
        }
        if (transaction == dialog.Invite && response.IsSuccess)
        {
            dialog.Answered(response);
            _socket.Send(dialog.Ack!, _node); // every 2xx, the retransmitted ones too
        }
        transaction.Complete(response);
    }
}
