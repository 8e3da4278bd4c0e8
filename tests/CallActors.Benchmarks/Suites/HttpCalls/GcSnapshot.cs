using System.Globalization;

namespace CallActors.Benchmarks.Suites.HttpCalls;

/// <summary>This process's garbage collections so far (<see cref="Gen0"/> counts them all, <see cref="Gen1"/> those of
/// generation 1 or 2) and the time they paused it; the difference of two is what happened in between.</summary>
internal sealed record GcSnapshot(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long HeapBytes)
{
    public static GcSnapshot Take() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetGCMemoryInfo().HeapSizeBytes);

    /// <summary>The collections and pause time between two snapshots; the heap size is the later one's.</summary>
    public static GcSnapshot operator -(GcSnapshot later, GcSnapshot earlier) =>
        new(later.Gen0 - earlier.Gen0, later.Gen1 - earlier.Gen1, later.Gen2 - earlier.Gen2, later.Paused - earlier.Paused, later.HeapBytes);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Gen0} GCs ({Gen1} of gen1 or 2, {Gen2} of gen2) paused {Paused.TotalMilliseconds:0} ms, heap {HeapBytes / 1e6:0} MB");
}
