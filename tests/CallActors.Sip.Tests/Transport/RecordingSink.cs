using CallActors.TestKit;
using System.Collections.Concurrent;
using CallActors.Sip.Transport;

namespace CallActors.Sip.Tests.Transport;

/// <summary>A sink that keeps every message it gets; optionally holds the consumer inside the first call.</summary>
internal sealed class RecordingSink : ISipMessageSink
{
    private readonly ConcurrentQueue<SipInbound> _messages = new();
    private readonly ManualResetEventSlim _release = new(initialState: true);
    private int _entered;

    public IReadOnlyList<SipInbound> Messages => [.. _messages];

    public int Count => _messages.Count;

    /// <summary>True once the first call is inside <see cref="OnMessage"/>.</summary>
    public bool Entered => Volatile.Read(ref _entered) != 0;

    /// <summary>From now on the first call blocks until <see cref="Release"/>.</summary>
    public void HoldFirst() => _release.Reset();

    public void Release() => _release.Set();

    public void OnMessage(SipInbound inbound)
    {
        Interlocked.Exchange(ref _entered, 1);
        _release.Wait(TimeSpan.FromSeconds(30));
        _messages.Enqueue(inbound);
    }

    public async Task<IReadOnlyList<SipInbound>> WaitForAsync(int count, string? what = null)
    {
        await Poll.UntilAsync(() => Count >= count, what ?? $"{count} message(s) at the sink");
        return Messages;
    }
}
