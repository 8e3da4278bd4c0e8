namespace CallActors.Media.Relay;

/// <summary>Node-wide relay counters, summed over every session since the relay started, for metrics.</summary>
public sealed record RelayTotals(
    long RtpReceived,
    long RtcpReceived,
    long BytesReceived,
    long RtpSent,
    long RtcpSent,
    long BytesSent,
    long DroppedMalformed,
    long DroppedOversized,
    long DroppedUnexpectedSource,
    long DroppedNoDestination,
    long SendErrors,
    int OpenSessions);
