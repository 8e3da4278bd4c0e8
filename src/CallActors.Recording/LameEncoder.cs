using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace CallActors.Recording;

/// <summary>Encodes a capture to MP3 by piping its PCM into the <c>lame</c> program.</summary>
internal static class LameEncoder
{
    // ENOENT on Unix, ERROR_FILE_NOT_FOUND on Windows: Process.Start found no such program.
    private const int NoSuchFile = 2;

    /// <summary>
    /// Raw s16le input at the capture's rate; <c>-m m</c> also tells lame that raw input has one channel,
    /// <c>-m s</c> two, kept apart (simple stereo) as the caller and the callee are.
    /// </summary>
    /// <remarks>
    /// 32 kbit/s, because lame's default for 8 kHz mono is 8 kbit/s: audibly poor, and its frames are too small for
    /// the LAME tag, without which decoders keep the encoder's delay and padding and the file plays 0.1 s long.
    /// </remarks>
    public static IReadOnlyList<string> GetArguments(RecordingLayout layout, int sampleRate, string outputPath) =>
    [
        "--quiet", "-r",
        "-s", (sampleRate / 1000.0).ToString(CultureInfo.InvariantCulture),
        "--bitwidth", "16", "--signed", "--little-endian",
        "-m", layout == RecordingLayout.Stereo ? "s" : "m",
        "-b", "32",
        "-", Path.GetFullPath(outputPath),
    ];

    public static async Task EncodeAsync(CapturePcmReader reader, int sampleRate, string outputPath, string lameProgram, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(lameProgram)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in GetArguments(reader.Layout, sampleRate, outputPath))
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var lame = Start(startInfo, lameProgram);
        try
        {
            var errors = lame.StandardError.ReadToEndAsync(cancellationToken);
            var inputFailure = await FeedAsync(reader, lame.StandardInput.BaseStream, cancellationToken).ConfigureAwait(false);
            await lame.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            var errorText = (await errors.ConfigureAwait(false)).Trim();
            if (lame.ExitCode != 0)
            {
                throw new RecordingEncodingException($"lame failed with exit code {lame.ExitCode}: {errorText}", inputFailure);
            }

            if (inputFailure is not null)
            {
                throw new RecordingEncodingException($"lame stopped reading its input: {inputFailure.Message}", inputFailure);
            }
        }
        finally
        {
            if (!lame.HasExited)
            {
                lame.Kill(entireProcessTree: true);
            }
        }
    }

    private static Process Start(ProcessStartInfo startInfo, string lameProgram)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new RecordingEncodingException($"the lame program '{lameProgram}' did not start");
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NoSuchFile)
        {
            throw new RecordingEncodingException($"the lame program '{lameProgram}' was not found (install the lame package)", e);
        }
        catch (Win32Exception e)
        {
            throw new RecordingEncodingException($"the lame program '{lameProgram}' could not be started: {e.Message}", e);
        }
    }

    /// <summary>Writes all the PCM to lame's input and closes it; the write error when lame stopped reading early.</summary>
    private static async Task<IOException?> FeedAsync(CapturePcmReader reader, Stream input, CancellationToken cancellationToken)
    {
        var block = ArrayPool<byte>.Shared.Rent(reader.BlockBytes);
        try
        {
            int length;
            while ((length = await reader.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
            {
                try
                {
                    await input.WriteAsync(block.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    // A broken pipe: lame exited, and its exit code and error output say why.
                    return e;
                }
            }

            try
            {
                await input.DisposeAsync().ConfigureAwait(false);
            }
            catch (IOException e)
            {
                return e;
            }

            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
