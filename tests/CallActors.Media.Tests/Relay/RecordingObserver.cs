using CallActors.TestKit;
using System.Collections.Concurrent;
using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>Records every observer call, for tests to wait on and inspect; can be told to throw or to act.</summary>
internal sealed class RecordingObserver : IRelayPacketObserver
{
    private readonly ConcurrentQueue<ObservedPacket> _calls = new();

    /// <summary>When true every callback throws after recording.</summary>
    public bool Throw { get; set; }

    /// <summary>Runs on the relay thread after each OnRtp is recorded.</summary>
    public Action? AfterRtp { get; set; }

    public IReadOnlyList<ObservedPacket> Calls => [.. _calls];

    public IReadOnlyList<ObservedPacket> Of(string callback) => [.. _calls.Where(c => c.Callback == callback)];

    public void OnRtp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos)
    {
        Record(nameof(OnRtp), from, packet, arrivalUnixNanos);
        AfterRtp?.Invoke();
    }

    public void OnRtcp(RelayLegSide from, ReadOnlySpan<byte> packet, long arrivalUnixNanos) =>
        Record(nameof(OnRtcp), from, packet, arrivalUnixNanos);

    public void OnRtpSent(RelayLegSide to, ReadOnlySpan<byte> packet) => Record(nameof(OnRtpSent), to, packet, 0);

    public void OnRtcpSent(RelayLegSide to, ReadOnlySpan<byte> packet, long sentUnixNanos) =>
        Record(nameof(OnRtcpSent), to, packet, sentUnixNanos);

    public Task WaitForAsync(string callback, int count) =>
        Poll.UntilAsync(() => _calls.Count(c => c.Callback == callback) >= count, $"{count} {callback} calls");

    private void Record(string callback, RelayLegSide side, ReadOnlySpan<byte> packet, long unixNanos)
    {
        _calls.Enqueue(new ObservedPacket(callback, side, packet.ToArray(), unixNanos));
        if (Throw)
        {
            throw new InvalidOperationException("observer failure for the test");
        }
    }
}
