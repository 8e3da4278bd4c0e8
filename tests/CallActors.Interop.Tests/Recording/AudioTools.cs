using System.Buffers.Binary;
using System.Globalization;
using CallActors.Interop.Tests.Infrastructure;
using CallActors.Interop.Tests.Media;

namespace CallActors.Interop.Tests.Recording;

/// <summary>The audio side of the recording tests, done with the real tools: speech from espeak-ng, tones and format
/// conversions from sox, MP3 decoding with lame; plus the normalised cross-correlation that says whether a recorded
/// channel carries what was played.</summary>
internal static class AudioTools
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Speaks <paramref name="text"/> with espeak-ng and converts it with sox to headerless 8 kHz A-law (what
    /// sipp's rtp_stream sends).</summary>
    public static void MakeSpeech(string text, string alawFile)
    {
        var wav = alawFile + ".espeak.wav";
        Run(Peers.Require("espeak-ng", "espeak-ng"), "-w", wav, "-s", "150", text);
        Run(Peers.Require("sox", "sox"), wav, "-r", "8000", "-c", "1", "-e", "a-law", "-t", "raw", alawFile);
    }

    /// <summary>A sine tone of <paramref name="hertz"/> as headerless 8 kHz A-law.</summary>
    public static void MakeTone(int hertz, double seconds, string alawFile) =>
        Run(Peers.Require("sox", "sox"), "-n", "-r", "8000", "-c", "1", "-e", "a-law", "-t", "raw", alawFile,
            "synth", seconds.ToString(CultureInfo.InvariantCulture), "sine", hertz.ToString(CultureInfo.InvariantCulture), "vol", "0.5");

    /// <summary>Headerless A-law decoded by sox to 16-bit samples.</summary>
    public static short[] DecodeAlaw(string alawFile, string scratch) =>
        ToRaw(["-t", "raw", "-r", "8000", "-e", "a-law", "-c", "1", alawFile], scratch, remix: null);

    /// <summary>One channel (1 = left) of an audio file, extracted by sox as 8 kHz 16-bit samples.</summary>
    public static short[] Channel(string audioFile, int channel, string scratch) =>
        ToRaw([audioFile], scratch, remix: channel.ToString(CultureInfo.InvariantCulture));

    /// <summary>The duration sox reports (soxi -D).</summary>
    public static double Duration(string audioFile) =>
        double.Parse(Run(Peers.Require("soxi", "sox"), "-D", audioFile).Trim(), CultureInfo.InvariantCulture);

    /// <summary>sox's view of a file: channels and sample rate (soxi -c, -r).</summary>
    public static (int Channels, int SampleRate) Format(string audioFile) =>
        (int.Parse(Run(Peers.Require("soxi", "sox"), "-c", audioFile).Trim(), CultureInfo.InvariantCulture),
         int.Parse(Run(Peers.Require("soxi", "sox"), "-r", audioFile).Trim(), CultureInfo.InvariantCulture));

    /// <summary>Decodes an MP3 with lame into a WAV.</summary>
    public static void DecodeMp3(string mp3File, string wavFile) =>
        Run(Peers.Require("lame", "lame"), "--quiet", "--decode", mp3File, wavFile);

    /// <summary>The highest normalised cross-correlation of <paramref name="recorded"/> against
    /// <paramref name="reference"/> shifted by −<paramref name="maxLag"/>..<paramref name="maxLag"/> samples (a negative
    /// lag: the recording starts that far into the reference), over the overlap; 1 means the recording holds the
    /// reference exactly (up to scale), about 0 unrelated audio.</summary>
    public static (double Correlation, int Lag) BestCorrelation(short[] reference, short[] recorded, int maxLag)
    {
        var best = (Correlation: double.MinValue, Lag: 0);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            var referenceStart = Math.Max(0, -lag);
            var recordedStart = Math.Max(0, lag);
            var length = Math.Min(reference.Length - referenceStart, recorded.Length - recordedStart);
            if (length < reference.Length / 2)
            {
                continue;
            }
            double product = 0, referenceEnergy = 0, recordedEnergy = 0;
            for (var i = 0; i < length; i++)
            {
                double a = reference[referenceStart + i];
                double r = recorded[recordedStart + i];
                product += a * r;
                referenceEnergy += a * a;
                recordedEnergy += r * r;
            }
            var correlation = recordedEnergy == 0 || referenceEnergy == 0 ? 0 : product / Math.Sqrt(referenceEnergy * recordedEnergy);
            if (correlation > best.Correlation)
            {
                best = (correlation, lag);
            }
        }
        return best;
    }

    /// <summary>Root mean square of the samples.</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }
        return samples.Length == 0 ? 0 : Math.Sqrt(sum / samples.Length);
    }

    private static short[] ToRaw(string[] input, string scratch, string? remix)
    {
        List<string> arguments = [.. input, "-t", "raw", "-e", "signed", "-b", "16", "-r", "8000", "-c", "1", scratch];
        if (remix is not null)
        {
            arguments.AddRange(["remix", remix]);
        }
        Run(Peers.Require("sox", "sox"), [.. arguments]);
        var bytes = File.ReadAllBytes(scratch);
        var samples = new short[bytes.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
        }
        return samples;
    }

    private static string Run(string binary, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = ToolRun.Run(binary, arguments, ToolTimeout);
        if (exitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"{Path.GetFileName(binary)} {string.Join(' ', arguments)} exited {exitCode}: {stderr}");
        }
        return stdout;
    }
}
