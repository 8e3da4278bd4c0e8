using System.Security.Cryptography;

namespace CallActors.Recording;

/// <summary>Turns a capture into the recording file a user downloads: WAV written here, MP3 through the <c>lame</c> program.</summary>
public static class RecordingEncoder
{
    /// <summary>True when <paramref name="lameProgram"/> is a file, or a name found in one of PATH's folders: MP3 can be
    /// made (checked before a recording starts, so an mp3 request is refused up front rather than failing at the end).</summary>
    public static bool CanEncodeMp3(string lameProgram)
    {
        ArgumentException.ThrowIfNullOrEmpty(lameProgram);
        if (lameProgram.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(lameProgram);
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, lameProgram)));
    }

    /// <summary>
    /// Encodes a capture into <paramref name="outputPath"/> (WAV written in C#; MP3 by piping interleaved s16le PCM
    /// into <paramref name="lameProgram"/>), block by block, never holding the whole recording in memory.
    /// </summary>
    /// <exception cref="RecordingEncodingException">lame is missing or failed, or the recording is too long for WAV.</exception>
    public static async Task<EncodedRecording> EncodeAsync(CapturedAudio audio, RecordingFormat format, RecordingLayout layout, string outputPath, string lameProgram, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        ArgumentException.ThrowIfNullOrEmpty(lameProgram);

        // Encoded beside the output and moved over it once complete: a failed or cancelled encoding never leaves a
        // truncated file where a recording is expected.
        var partialPath = outputPath + ".partial";
        try
        {
            using (var reader = new CapturePcmReader(audio, layout))
            {
                await (format switch
                {
                    RecordingFormat.Wav => WavFile.WriteAsync(reader, audio.SampleRate, audio.Samples, partialPath, cancellationToken),
                    RecordingFormat.Mp3 => LameEncoder.EncodeAsync(reader, audio.SampleRate, partialPath, lameProgram, cancellationToken),
                    _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
                }).ConfigureAwait(false);
            }

            File.Move(partialPath, outputPath, overwrite: true);
        }
        catch
        {
            if (File.Exists(partialPath))
            {
                File.Delete(partialPath);
            }

            throw;
        }

        var file = new FileStream(outputPath, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Options = FileOptions.Asynchronous | FileOptions.SequentialScan });
        await using (file.ConfigureAwait(false))
        {
            var sha256 = await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false);
            return new EncodedRecording(outputPath, file.Length, audio.DurationSeconds, Convert.ToHexStringLower(sha256));
        }
    }
}
