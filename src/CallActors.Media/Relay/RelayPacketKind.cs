namespace CallActors.Media.Relay;

/// <summary>What a datagram on a relay socket is, as <see cref="RelayPacketClassifier"/> decides.</summary>
internal enum RelayPacketKind
{
    Malformed,
    Rtp,
    Rtcp,
}
