namespace CallActors.Media.Relay;

/// <summary>The counters a <see cref="RelayCounterSet"/> keeps, in the order of <see cref="RelayLegCounters"/>.</summary>
internal enum RelayCounter
{
    RtpReceived,
    RtcpReceived,
    BytesReceived,
    RtpSent,
    RtcpSent,
    BytesSent,
    DroppedMalformed,
    DroppedOversized,
    DroppedUnexpectedSource,
    DroppedNoDestination,
    SendErrors,
}
