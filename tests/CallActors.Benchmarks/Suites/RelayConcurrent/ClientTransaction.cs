using System.Diagnostics;
using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Benchmarks.Suites.RelayConcurrent;

/// <summary>A request the harness sends and waits to see answered; <see cref="SipCaller"/> resends it each second
/// until a response arrives (RFC 3261's timer A, simplified: loopback loses little).</summary>
internal sealed class ClientTransaction(SipRequest request)
{
    private readonly byte[] _datagram = SipSerializer.Serialize(request);
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastSent;

    public string Method { get; } = request.Method;

    public int Sends { get; private set; }

    /// <summary>A provisional response arrived: the other side has it, resending stops.</summary>
    public bool Proceeding { get; set; }

    public Task<SipResponse> Final => _final.Task;

    public TimeSpan SinceLastSent => Stopwatch.GetElapsedTime(Volatile.Read(ref _lastSent));

    public void Send(SipSocket socket, EndPoint to)
    {
        Volatile.Write(ref _lastSent, Stopwatch.GetTimestamp());
        Sends++;
        socket.Send(_datagram, to);
    }

    public void Complete(SipResponse response) => _final.TrySetResult(response);
}
