namespace CallActors.Recording.Tests.Infrastructure;

/// <summary>Test signals at 8 kHz, and how well a decoded signal matches one.</summary>
internal static class TestTones
{
    /// <summary>A sine sweeping linearly from <paramref name="fromHz"/> to <paramref name="toHz"/>: unlike a steady tone it matches itself at one lag only.</summary>
    public static short[] Sweep(int samples, double fromHz, double toHz, double amplitude)
    {
        var sweep = new short[samples];
        var duration = samples / 8000.0;
        for (var i = 0; i < samples; i++)
        {
            var t = i / 8000.0;
            var phase = 2 * Math.PI * ((fromHz * t) + ((toHz - fromHz) * t * t / (2 * duration)));
            sweep[i] = (short)Math.Round(amplitude * Math.Sin(phase));
        }

        return sweep;
    }

    /// <summary>The best normalized cross-correlation of <paramref name="decoded"/> with <paramref name="reference"/> over lags up to <paramref name="maxLag"/> (an encoder adds delay).</summary>
    public static double BestCorrelation(short[] reference, short[] decoded, int maxLag)
    {
        var best = double.MinValue;
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double product = 0, referenceEnergy = 0, decodedEnergy = 0;
            for (var i = Math.Max(0, -lag); i < reference.Length && i + lag < decoded.Length; i++)
            {
                double x = reference[i], y = decoded[i + lag];
                product += x * y;
                referenceEnergy += x * x;
                decodedEnergy += y * y;
            }

            if (referenceEnergy > 0 && decodedEnergy > 0)
            {
                best = Math.Max(best, product / Math.Sqrt(referenceEnergy * decodedEnergy));
            }
        }

        return best;
    }

    public static double Rms(short[] samples) => samples.Length == 0 ? 0 : Math.Sqrt(samples.Average(sample => (double)sample * sample));
}
