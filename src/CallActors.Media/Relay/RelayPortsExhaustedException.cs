namespace CallActors.Media.Relay;

/// <summary>Every RTP/RTCP port pair of the relay's range is in use (by the relay or by another process).</summary>
public sealed class RelayPortsExhaustedException(int portMin, int portMax)
    : Exception($"No free RTP/RTCP port pair is left in {portMin}-{portMax}: every even port is taken by a relay session or could not be bound.")
{
    public int PortMin { get; } = portMin;

    public int PortMax { get; } = portMax;
}
