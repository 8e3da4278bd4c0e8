using System.Diagnostics.Metrics;

namespace CallActors.Persistence.Journal;

/// <summary>The instruments of the "CallActors.Persistence" meter.</summary>
internal static class PersistenceMetrics
{
    private static readonly Meter Meter = new(BatchingJournalWriter.MeterName);

    public static readonly Counter<long> RowsWritten = Meter.CreateCounter<long>(
        "callactors.persistence.journal.rows_written",
        unit: "{row}",
        description: "Events committed to the journal by the batching writer.");

    public static readonly Counter<long> Batches = Meter.CreateCounter<long>(
        "callactors.persistence.journal.batches",
        unit: "{batch}",
        description: "Batches (transactions) the batching writer sent to the journal.");

    public static readonly Counter<long> WritesRejected = Meter.CreateCounter<long>(
        "callactors.persistence.journal.writes_rejected",
        unit: "{write}",
        description: "Atomic writes the journal rejected (duplicate sequence number, invalid write).");

    public static readonly Counter<long> QueueFull = Meter.CreateCounter<long>(
        "callactors.persistence.journal.queue_full",
        unit: "{write}",
        description: "Atomic writes refused because the batching writer's queue was full.");

    public static readonly Counter<long> BatchesFailed = Meter.CreateCounter<long>(
        "callactors.persistence.journal.batches_failed",
        unit: "{batch}",
        description: "Batches that failed with a storage error (outcome unknown).");

    public static readonly Histogram<double> WriteDuration = Meter.CreateHistogram<double>(
        "callactors.persistence.journal.write_duration",
        unit: "s",
        description: "Time the journal took to write one batch, failed batches included.");
}
