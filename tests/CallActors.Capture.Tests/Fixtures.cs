namespace CallActors.Capture.Tests;

/// <summary>The capture files in tests/fixtures/pcap, copied next to the test assembly.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "pcap", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));
}
