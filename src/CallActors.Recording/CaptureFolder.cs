using System.Text.Json;

namespace CallActors.Recording;

/// <summary>The layout of a capture folder: <c>capture.json</c> and one raw s16le file per channel.</summary>
internal static class CaptureFolder
{
    public const int SampleRate = 8000;
    public const int BytesPerSample = 2;
    public const int ChannelCount = 2;

    private const string ManifestFile = "capture.json";
    private const string StartProperty = "start_unix_nanos";
    private const string SampleRateProperty = "sample_rate";
    private static readonly string[] ChannelFiles = ["caller.pcm", "callee.pcm"];

    public static string GetChannelPath(string directory, int channel) => Path.Combine(directory, ChannelFiles[channel]);

    /// <summary>Writes the manifest; fails when the folder already holds a capture, whose audio must not be lost.</summary>
    public static void WriteManifest(string directory, long startUnixNanos)
    {
        using var file = new FileStream(Path.Combine(directory, ManifestFile), FileMode.CreateNew, FileAccess.Write);
        using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteNumber(StartProperty, startUnixNanos);
        json.WriteNumber(SampleRateProperty, SampleRate);
        json.WriteEndObject();
    }

    /// <summary>The sample rate the manifest records.</summary>
    /// <exception cref="InvalidDataException">The manifest is not the JSON object <see cref="WriteManifest"/> writes.</exception>
    public static int ReadSampleRate(string directory)
    {
        var path = Path.Combine(directory, ManifestFile);
        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllBytes(path));
            var sampleRate = manifest.RootElement.GetProperty(SampleRateProperty).GetInt32();
            return sampleRate > 0 ? sampleRate : throw new InvalidDataException($"{path}: {SampleRateProperty} is {sampleRate}.");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a capture manifest: {e.Message}", e);
        }
    }
}
