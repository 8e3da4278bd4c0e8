using CallActors.Media.Relay;

namespace CallActors.Media.Tests.Relay;

/// <summary>One observer call: which callback, which leg, a copy of the packet and the time it reported (0 for none).</summary>
internal sealed record ObservedPacket(string Callback, RelayLegSide Side, byte[] Bytes, long UnixNanos);
