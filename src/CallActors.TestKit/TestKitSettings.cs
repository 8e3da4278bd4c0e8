using System.Globalization;

namespace CallActors.TestKit;

/// <summary>Timeouts of the TestKit; <c>CALLACTORS_TEST_TIMEFACTOR</c> stretches them on slow machines.</summary>
public sealed record TestKitSettings
{
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public double TimeFactor { get; init; } = ReadTimeFactor();

    public TimeSpan Dilate(TimeSpan duration) => duration * TimeFactor;

    private static double ReadTimeFactor() =>
        double.TryParse(Environment.GetEnvironmentVariable("CALLACTORS_TEST_TIMEFACTOR"), NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor >= 1
            ? factor
            : 1.0;
}
