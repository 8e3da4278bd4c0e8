namespace CallActors.Media.Packets;

/// <summary>NTP timestamp arithmetic for RTCP: the middle-32 format and round-trip time (RFC 3550 §6.4.1).</summary>
public static class RtcpTiming
{
    /// <summary>The middle 32 bits of a 64-bit NTP timestamp, the format of LSR, DLSR and the arrival time A.</summary>
    public static uint ToMiddle32(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    /// <summary>
    /// RTT = A − LSR − DLSR in 1/65536 s, where A is the arrival time of the report in middle-32 NTP form.
    /// Null when the source has not received an SR yet (LSR = 0) or when the clocks make the result negative.
    /// </summary>
    public static uint? RoundTripTime(in RtcpReportBlock reportBlock, uint arrivalNtpMiddle32)
    {
        if (reportBlock.LastSenderReport == 0)
        {
            return null;
        }

        // Modular arithmetic handles the 18-hour wrap of the middle-32 format.
        var sinceLastSenderReport = unchecked(arrivalNtpMiddle32 - reportBlock.LastSenderReport);
        if (sinceLastSenderReport < reportBlock.DelaySinceLastSenderReport || sinceLastSenderReport > int.MaxValue)
        {
            return null;
        }

        return sinceLastSenderReport - reportBlock.DelaySinceLastSenderReport;
    }

    /// <summary>Converts a middle-32 NTP duration (1/65536 s) to a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan ToTimeSpan(uint middle32Duration) =>
        TimeSpan.FromTicks((long)middle32Duration * TimeSpan.TicksPerSecond / 65536);
}
