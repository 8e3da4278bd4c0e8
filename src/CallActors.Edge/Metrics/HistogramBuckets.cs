namespace CallActors.Edge.Metrics;

/// <summary>The fixed bucket bounds of a histogram, chosen by its instrument's unit.</summary>
internal static class HistogramBuckets
{
    private static readonly double[] Seconds =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // The seconds bounds ×1000, written out so that no bound carries a rounding error into its le label.
    private static readonly double[] Milliseconds =
        [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private static readonly double[] PowersOfTwo =
        [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

    /// <summary>Ascending bounds, shared between families: callers must not change them.</summary>
    public static double[] ForUnit(string? unit) => unit switch
    {
        "s" => Seconds,
        "ms" => Milliseconds,
        _ => PowersOfTwo,
    };
}
