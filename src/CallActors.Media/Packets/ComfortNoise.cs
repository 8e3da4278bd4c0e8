namespace CallActors.Media.Packets;

/// <summary>An RFC 3389 comfort-noise payload: the noise level and optional spectral reflection coefficients.</summary>
public readonly ref struct ComfortNoise
{
    private ComfortNoise(byte level, ReadOnlySpan<byte> reflectionCoefficients)
    {
        NoiseLevel = level;
        ReflectionCoefficients = reflectionCoefficients;
    }

    /// <summary>Noise level in −dBov, 0–127 (RFC 3389 §3.1).</summary>
    public byte NoiseLevel { get; }

    /// <summary>Quantised reflection coefficients, one byte each; empty when the sender sends only the level.</summary>
    public ReadOnlySpan<byte> ReflectionCoefficients { get; }

    public static bool TryParse(ReadOnlySpan<byte> payload, out ComfortNoise comfortNoise, out string? error)
    {
        comfortNoise = default;
        if (payload.IsEmpty)
        {
            error = PacketErrors.ComfortNoiseEmpty;
            return false;
        }

        if ((payload[0] & 0x80) != 0)
        {
            error = PacketErrors.ComfortNoiseLevel;
            return false;
        }

        comfortNoise = new ComfortNoise(payload[0], payload[1..]);
        error = null;
        return true;
    }
}
