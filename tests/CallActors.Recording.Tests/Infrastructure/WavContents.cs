using System.Buffers.Binary;
using System.Text;

namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>A WAV file read chunk by chunk (independently of the encoder): its format fields and its samples.</summary>
internal sealed record WavContents(int RiffSize, int FormatTag, int Channels, int SampleRate, int ByteRate, int BlockAlign, int BitsPerSample, int DataOffset, int DataSize, short[] Samples)
{
    public int Frames => Samples.Length / Channels;

    public double DurationSeconds => (double)Frames / SampleRate;

    /// <summary>One channel's samples out of the interleaved data.</summary>
    public short[] Channel(int channel) => [.. Enumerable.Range(0, Frames).Select(frame => Samples[(frame * Channels) + channel])];

    public static WavContents Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        var riffSize = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        int? formatOffset = null;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "fmt ")
            {
                formatOffset = offset + 8;
            }
            else if (id == "data")
            {
                Assert.NotNull(formatOffset);
                var format = bytes.AsSpan(formatOffset.Value);
                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset + 8 + (2 * i)));
                }

                return new WavContents(
                    riffSize,
                    BinaryPrimitives.ReadUInt16LittleEndian(format),
                    BinaryPrimitives.ReadUInt16LittleEndian(format[2..]),
                    BinaryPrimitives.ReadInt32LittleEndian(format[4..]),
                    BinaryPrimitives.ReadInt32LittleEndian(format[8..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(format[12..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(format[14..]),
                    offset + 8,
                    size,
                    samples);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
