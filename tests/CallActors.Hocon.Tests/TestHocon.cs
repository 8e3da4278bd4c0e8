namespace CallActors.Hocon.Tests;

/// <summary>Parses test text under the origin name "test.conf" with no environment variables visible.</summary>
internal static class TestHocon
{
    public const string Origin = "test.conf";

    public static HoconObject Parse(string text) => HoconDocument.ParseString(text, Origin).Resolve(NoEnvironment);

    public static HoconException Error(string text) => Xunit.Assert.Throws<HoconException>(() => Parse(text));

    public static string? NoEnvironment(string name) => null;
}
