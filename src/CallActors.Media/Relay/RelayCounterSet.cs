namespace CallActors.Media.Relay;

/// <summary>Packet counters written by one relay worker thread and read from any thread.</summary>
internal sealed class RelayCounterSet
{
    private const int Count = (int)RelayCounter.SendErrors + 1;

    private readonly long[] _values = new long[Count];

    /// <summary>Only the owning worker calls this, so a volatile write of the new value is enough.</summary>
    public void Add(RelayCounter counter, long amount = 1)
    {
        ref var value = ref _values[(int)counter];
        Volatile.Write(ref value, value + amount);
    }

    public long Get(RelayCounter counter) => Volatile.Read(ref _values[(int)counter]);

    public RelayLegCounters ToLegCounters() => new(
        Get(RelayCounter.RtpReceived),
        Get(RelayCounter.RtcpReceived),
        Get(RelayCounter.BytesReceived),
        Get(RelayCounter.RtpSent),
        Get(RelayCounter.RtcpSent),
        Get(RelayCounter.BytesSent),
        Get(RelayCounter.DroppedMalformed),
        Get(RelayCounter.DroppedOversized),
        Get(RelayCounter.DroppedUnexpectedSource),
        Get(RelayCounter.DroppedNoDestination),
        Get(RelayCounter.SendErrors));

    /// <summary>Sums the sets (one per worker) into node-wide totals.</summary>
    public static RelayTotals Sum(IEnumerable<RelayCounterSet> sets, int openSessions)
    {
        var sum = new RelayCounterSet();
        foreach (var set in sets)
        {
            for (var i = 0; i < Count; i++)
            {
                sum._values[i] += set.Get((RelayCounter)i);
            }
        }

        return new RelayTotals(sum.ToLegCounters(), openSessions);
    }
}
