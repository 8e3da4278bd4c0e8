using System.Numerics;

namespace CallActors.Recording;

/// <summary>ITU-T G.711 µ-law and A-law companding between 8-bit codes and 16-bit linear samples.</summary>
/// <remarks>
/// Decoding looks codes up in tables built once from the G.711 segment formulas; encoding follows Sun's reference
/// g711.c, as CPython's audioop does, so the two agree bit for bit (the tests hold audioop's values).
/// </remarks>
public static class G711
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip14Bit = 8159;

    private static readonly short[] MuLawTable = BuildTable(DecodeMuLawCode);
    private static readonly short[] ALawTable = BuildTable(DecodeALawCode);

    public static short DecodeMuLaw(byte code) => MuLawTable[code];

    public static short DecodeALaw(byte code) => ALawTable[code];

    public static byte EncodeMuLaw(short sample)
    {
        // The reference works on 14 bits; the arithmetic shift rounds negatives toward minus infinity, as it does.
        var value = sample >> 2;
        var mask = 0xFF;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }

        value = Math.Min(value, MuLawClip14Bit) + (MuLawBias >> 2);
        var segment = Math.Max(0, BitLength(value) - 6);
        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        return (byte)(((segment << 4) | ((value >> (segment + 1)) & 0x0F)) ^ mask);
    }

    public static byte EncodeALaw(short sample)
    {
        // 13 bits; the even bits are inverted on the wire (the 0x55 in both masks).
        var value = sample >> 3;
        var mask = 0xD5;
        if (value < 0)
        {
            value = -value - 1;
            mask = 0x55;
        }

        var segment = Math.Max(0, BitLength(value) - 5);
        var mantissa = (value >> (segment < 2 ? 1 : segment)) & 0x0F;
        return (byte)(((segment << 4) | mantissa) ^ mask);
    }

    /// <summary>Decodes one sample per code into <paramref name="pcm"/>, which must be at least as long.</summary>
    public static void Decode(AudioCodec codec, ReadOnlySpan<byte> encoded, Span<short> pcm)
    {
        if (pcm.Length < encoded.Length)
        {
            throw new ArgumentException($"{encoded.Length} codes need {encoded.Length} samples; the destination holds {pcm.Length}.", nameof(pcm));
        }

        var table = codec switch
        {
            AudioCodec.Pcmu => MuLawTable,
            AudioCodec.Pcma => ALawTable,
            _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, null),
        };

        for (var i = 0; i < encoded.Length; i++)
        {
            pcm[i] = table[encoded[i]];
        }
    }

    /// <summary>The codec an rtpmap encoding name ("PCMU", "PCMA", any case) stands for; null for any other codec.</summary>
    public static AudioCodec? FromEncodingName(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        if (encodingName.Equals("PCMU", StringComparison.OrdinalIgnoreCase))
        {
            return AudioCodec.Pcmu;
        }

        return encodingName.Equals("PCMA", StringComparison.OrdinalIgnoreCase) ? AudioCodec.Pcma : null;
    }

    private static short DecodeMuLawCode(byte code)
    {
        // Codes travel inverted; the segment doubles the biased mantissa, then the bias comes off again.
        var inverted = ~code & 0xFF;
        var magnitude = (((inverted & 0x0F) << 3) + MuLawBias) << ((inverted & 0x70) >> 4);
        return (short)((inverted & 0x80) != 0 ? MuLawBias - magnitude : magnitude - MuLawBias);
    }

    private static short DecodeALawCode(byte code)
    {
        var value = code ^ 0x55;
        var magnitude = (value & 0x0F) << 4;
        var segment = (value & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (short)((value & 0x80) != 0 ? magnitude : -magnitude);
    }

    private static int BitLength(int value) => 32 - BitOperations.LeadingZeroCount((uint)value);

    private static short[] BuildTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var code = 0; code < table.Length; code++)
        {
            table[code] = decode((byte)code);
        }

        return table;
    }
}
