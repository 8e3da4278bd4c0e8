namespace CallActors.Media.Relay;

/// <summary>A snapshot of one leg's packet counters. Received and the first three drop reasons count what came
/// from the leg; sent, <see cref="DroppedNoDestination"/> and <see cref="SendErrors"/> count what was headed to it.</summary>
public sealed record RelayLegCounters(
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
    long SendErrors);
