using System.Buffers.Binary;

namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>Reads and writes raw s16le sample files, as a capture folder holds them.</summary>
internal static class PcmFile
{
    public static short[] Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
        }

        return samples;
    }

    public static void Write(string path, ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), samples[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A capture folder written by hand: the manifest and the two channel files, as a capture leaves them.</summary>
    public static CapturedAudio WriteCapture(string directory, short[] caller, short[] callee)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "capture.json"), """{"start_unix_nanos":1700000000000000000,"sample_rate":8000}""");
        Write(Path.Combine(directory, "caller.pcm"), caller);
        Write(Path.Combine(directory, "callee.pcm"), callee);
        return new CapturedAudio(directory, 8000, Math.Max(caller.Length, callee.Length));
    }
}
