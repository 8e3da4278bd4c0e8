using System.Net;

namespace CallActors.Media.Relay;

/// <summary>Symmetric latching for one relay socket: which source address its packets are accepted from, and therefore
/// where packets toward the leg go. Mutated by the worker only; <see cref="GetLatched"/> may be read from any thread.</summary>
/// <remarks>The first valid packet latches its source, NAT or not. Another source is refused unless it is exactly the
/// endpoint the SDP advertised (so a flooder that latched first loses to the real peer) or the latched source has been
/// silent for the relearn interval. A new SDP (a new peer generation) starts over.</remarks>
internal sealed class SourceLatch(long relearnAfterTimestamps)
{
    private RelayAddress _source;
    private bool _latched;
    private long _lastSeen;
    private int _generation;
    private Published? _published;

    /// <summary>Decides whether a valid packet from <paramref name="source"/> is accepted, latching it when it should be;
    /// <paramref name="advertised"/> is the endpoint the SDP gave for this socket's traffic (empty when none),
    /// <paramref name="generation"/> the current <see cref="RelayPeer.Generation"/> and <paramref name="now"/> a monotonic
    /// timestamp (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public bool Admit(in RelayAddress source, in RelayAddress advertised, int generation, long now)
    {
        if (generation != _generation)
        {
            _generation = generation;
            _latched = false;
        }

        if (_latched && source.Equals(_source))
        {
            _lastSeen = now;
            return true;
        }

        if (_latched && !source.Equals(advertised) && now - _lastSeen < relearnAfterTimestamps)
        {
            return false;
        }

        _source = source;
        _latched = true;
        _lastSeen = now;
        Volatile.Write(ref _published, new Published(source.ToEndPoint(), generation));
        return true;
    }

    /// <summary>The latched source, if one was learnt under the current peer generation.</summary>
    public bool TryGetSource(int generation, out RelayAddress source)
    {
        source = _source;
        return _latched && _generation == generation;
    }

    /// <summary>The latched source for other threads; null before latching or after a new SDP.</summary>
    public IPEndPoint? GetLatched(int generation) =>
        Volatile.Read(ref _published) is { } published && published.Generation == generation ? published.EndPoint : null;

    private sealed record Published(IPEndPoint EndPoint, int Generation);
}
