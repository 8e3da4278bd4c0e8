namespace CallActors.Media.Packets;

/// <summary>Static RTP payload types (RFC 3551 §6 Tables 4–5) and encoding-name lookups.</summary>
public static class PayloadTypes
{
    public const byte Pcmu = 0;
    public const byte Gsm = 3;
    public const byte G723 = 4;
    public const byte Pcma = 8;
    public const byte G722 = 9;
    public const byte ComfortNoise = 13;
    public const byte G728 = 15;
    public const byte G729 = 18;
    public const byte FirstDynamic = 96;

    private static readonly (string Name, int ClockRate)?[] StaticTable = BuildStaticTable();

    /// <summary>The RTP clock rate of a static payload type; null for unassigned and dynamic types.</summary>
    /// <remarks>G.722 is 8000 even though it samples at 16 kHz (RFC 3551 §4.5.2).</remarks>
    public static int? GetStaticClockRate(int payloadType) =>
        payloadType is >= 0 and < 128 ? StaticTable[payloadType]?.ClockRate : null;

    /// <summary>The encoding name of a static payload type, as it appears in an rtpmap.</summary>
    public static string? GetStaticEncodingName(int payloadType) =>
        payloadType is >= 0 and < 128 ? StaticTable[payloadType]?.Name : null;

    /// <summary>
    /// The clock rate usually paired with an encoding name, for a dynamic type whose rtpmap is missing
    /// (Wireshark's fallback table); null when the name does not fix the clock.
    /// </summary>
    public static int? GetDefaultClockRate(ReadOnlySpan<char> encodingName) => GetCodecFamily(encodingName) switch
    {
        CodecFamily.G711 or CodecFamily.G722 or CodecFamily.G729 or CodecFamily.Gsm or CodecFamily.G723
            or CodecFamily.Amr or CodecFamily.TelephoneEvent or CodecFamily.Ilbc => 8000,
        CodecFamily.AmrWb or CodecFamily.Evs or CodecFamily.G7221 => 16000,
        CodecFamily.Opus => 48000,
        CodecFamily.Video => 90000,
        _ => null,
    };

    /// <summary>Maps an rtpmap encoding name (case-insensitive) to its codec family.</summary>
    public static CodecFamily GetCodecFamily(ReadOnlySpan<char> encodingName)
    {
        foreach (var (name, family) in FamilyNames)
        {
            if (encodingName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        return CodecFamily.Unknown;
    }

    private static readonly (string Name, CodecFamily Family)[] FamilyNames =
    [
        ("PCMU", CodecFamily.G711),
        ("PCMA", CodecFamily.G711),
        ("G722", CodecFamily.G722),
        ("G7221", CodecFamily.G7221),
        ("G723", CodecFamily.G723),
        ("G726-16", CodecFamily.G726),
        ("G726-24", CodecFamily.G726),
        ("G726-32", CodecFamily.G726),
        ("G726-40", CodecFamily.G726),
        ("AAL2-G726-32", CodecFamily.G726),
        ("G728", CodecFamily.G728),
        ("G729", CodecFamily.G729),
        ("G729D", CodecFamily.G729),
        ("G729E", CodecFamily.G729),
        ("GSM", CodecFamily.Gsm),
        ("iLBC", CodecFamily.Ilbc),
        ("speex", CodecFamily.Speex),
        ("opus", CodecFamily.Opus),
        ("SILK", CodecFamily.Silk),
        ("AMR", CodecFamily.Amr),
        ("AMR-WB", CodecFamily.AmrWb),
        ("EVS", CodecFamily.Evs),
        ("L16", CodecFamily.Linear),
        ("L8", CodecFamily.Linear),
        ("telephone-event", CodecFamily.TelephoneEvent),
        ("CN", CodecFamily.ComfortNoise),
        ("red", CodecFamily.Redundancy),
        ("H261", CodecFamily.Video),
        ("H263", CodecFamily.Video),
        ("H263-1998", CodecFamily.Video),
        ("H264", CodecFamily.Video),
        ("H265", CodecFamily.Video),
        ("VP8", CodecFamily.Video),
        ("VP9", CodecFamily.Video),
        ("AV1", CodecFamily.Video),
        ("JPEG", CodecFamily.Video),
        ("MPV", CodecFamily.Video),
    ];

    private static (string Name, int ClockRate)?[] BuildStaticTable()
    {
        var table = new (string Name, int ClockRate)?[128];
        table[0] = ("PCMU", 8000);
        table[3] = ("GSM", 8000);
        table[4] = ("G723", 8000);
        table[5] = ("DVI4", 8000);
        table[6] = ("DVI4", 16000);
        table[7] = ("LPC", 8000);
        table[8] = ("PCMA", 8000);
        table[9] = ("G722", 8000);
        table[10] = ("L16", 44100);
        table[11] = ("L16", 44100);
        table[12] = ("QCELP", 8000);
        table[13] = ("CN", 8000);
        table[14] = ("MPA", 90000);
        table[15] = ("G728", 8000);
        table[16] = ("DVI4", 11025);
        table[17] = ("DVI4", 22050);
        table[18] = ("G729", 8000);
        table[25] = ("CelB", 90000);
        table[26] = ("JPEG", 90000);
        table[28] = ("nv", 90000);
        table[31] = ("H261", 90000);
        table[32] = ("MPV", 90000);
        table[33] = ("MP2T", 90000);
        table[34] = ("H263", 90000);
        return table;
    }
}
