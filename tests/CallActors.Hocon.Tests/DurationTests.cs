using Xunit;
using static CallActors.Hocon.Tests.TestHocon;

namespace CallActors.Hocon.Tests;

public sealed class DurationTests
{
    public static TheoryData<string, long> Durations => new()
    {
        { "30s", 30 * TimeSpan.TicksPerSecond },
        { "200ms", 200 * TimeSpan.TicksPerMillisecond },
        { "5 minutes", 5 * TimeSpan.TicksPerMinute },
        { "1 minute", TimeSpan.TicksPerMinute },
        { "3m", 3 * TimeSpan.TicksPerMinute },
        { "1h", TimeSpan.TicksPerHour },
        { "2 hours", 2 * TimeSpan.TicksPerHour },
        { "2d", 2 * TimeSpan.TicksPerDay },
        { "1 day", TimeSpan.TicksPerDay },
        { "100us", 1_000 },
        { "3 microseconds", 30 },
        { "150ns", 1 },
        { "10ns", 0 },
        { "7 seconds", 7 * TimeSpan.TicksPerSecond },
        { "250 millis", 250 * TimeSpan.TicksPerMillisecond },
        { "1.5h", 90 * TimeSpan.TicksPerMinute },
        { "500", 500 * TimeSpan.TicksPerMillisecond },
        { "  42 s  ", 42 * TimeSpan.TicksPerSecond },
        { "-2s", -2 * TimeSpan.TicksPerSecond },
        { "1e3ms", TimeSpan.TicksPerSecond },
    };

    [Theory]
    [MemberData(nameof(Durations))]
    public void Durations_parse_with_the_spec_units(string text, long ticks) =>
        Assert.Equal(TimeSpan.FromTicks(ticks), HoconDuration.Parse(text));

    [Theory]
    [InlineData("", "'' is not a duration: it has no number")]
    [InlineData("s", "'s' is not a duration: it has no number")]
    [InlineData("fast", "'fast' is not a duration: it has no number")]
    [InlineData("1..5s", "'1..5s' is not a duration: '1..5' is not a number")]
    [InlineData("5 fortnights", "'5 fortnights' is not a duration: unknown unit 'fortnights' (use ns, us, ms, s, m, h or d; units are lowercase)")]
    [InlineData("5S", "'5S' is not a duration: unknown unit 'S' (use ns, us, ms, s, m, h or d; units are lowercase)")]
    [InlineData("99999999999d", "'99999999999d' is out of range for a duration")]
    public void Invalid_durations_are_format_errors_that_say_why(string text, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => HoconDuration.Parse(text)).Message);

    [Fact]
    public void GetDuration_reads_strings_and_bare_numbers_as_milliseconds()
    {
        var root = Parse("sip { timer-b = 32s, t1 = 500 }");

        Assert.Equal(TimeSpan.FromSeconds(32), root.GetDuration("sip.timer-b"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), root.GetDuration("sip.t1"));
    }

    [Fact]
    public void GetDuration_on_a_bad_value_names_the_path_and_its_origin() =>
        Assert.Equal(
            "test.conf:2:13: 'sip.timeout' must be a duration: '30 sec' is not a duration: unknown unit 'sec' (use ns, us, ms, s, m, h or d; units are lowercase)",
            Assert.Throws<HoconException>(() => Parse("sip {\n  timeout = 30 sec\n}").GetDuration("sip.timeout")).Message);
}
