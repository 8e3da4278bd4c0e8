using System.Buffers;
using System.Buffers.Binary;

namespace CallActors.Recording;

/// <summary>Writes a capture as a canonical 16-bit PCM WAV file: the 44-byte RIFF/WAVE header, then the samples.</summary>
internal static class WavFile
{
    public const int HeaderLength = 44;

    public static async Task WriteAsync(CapturePcmReader reader, int sampleRate, long frames, string path, CancellationToken cancellationToken)
    {
        var dataLength = frames * reader.Channels * CaptureFolder.BytesPerSample;
        // RIFF sizes are 32-bit and count everything after the first 8 bytes.
        if (dataLength > uint.MaxValue - (HeaderLength - 8))
        {
            throw new RecordingEncodingException($"{frames / sampleRate} s of {reader.Channels}-channel audio is more than a WAV file can hold (4 GiB)");
        }

        var block = ArrayPool<byte>.Shared.Rent(Math.Max(HeaderLength, reader.BlockBytes));
        try
        {
            var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
            await using (file.ConfigureAwait(false))
            {
                WriteHeader(block, reader.Channels, sampleRate, (uint)dataLength);
                await file.WriteAsync(block.AsMemory(0, HeaderLength), cancellationToken).ConfigureAwait(false);
                int length;
                while ((length = await reader.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await file.WriteAsync(block.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private static void WriteHeader(Span<byte> header, int channels, int sampleRate, uint dataLength)
    {
        var blockAlign = channels * CaptureFolder.BytesPerSample;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataLength + HeaderLength - 8);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 8 * CaptureFolder.BytesPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataLength);
    }
}
