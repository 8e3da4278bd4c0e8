using System.Globalization;

namespace CallActors.Sip.Sdp;

/// <summary>What a payload type stands for: <c>a=rtpmap:&lt;pt&gt; &lt;encoding&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c>
/// (RFC 4566 §6), or the RFC 3551 §6 static assignment when the description has no rtpmap for it.</summary>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, int ClockRate, int Channels = 1)
{
    /// <summary>Parses the value of an rtpmap attribute (<c>96 opus/48000/2</c>).</summary>
    public static bool TryParse(string value, out SdpRtpMap rtpMap)
    {
        ArgumentNullException.ThrowIfNull(value);
        rtpMap = null!;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !TryParsePayloadType(value.AsSpan(0, space), out var payloadType))
        {
            return false;
        }
        var parts = value[(space + 1)..].Trim().Split('/');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var clockRate) || clockRate <= 0)
        {
            return false;
        }
        var channels = 1;
        if (parts.Length == 3 && (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels <= 0))
        {
            return false;
        }
        rtpMap = new SdpRtpMap(payloadType, parts[0], clockRate, channels);
        return true;
    }

    /// <summary>The RFC 3551 §6 table of static audio payload types, or null for a dynamic or unassigned one.</summary>
    public static SdpRtpMap? Static(int payloadType) => payloadType switch
    {
        0 => new(0, "PCMU", 8000),
        3 => new(3, "GSM", 8000),
        4 => new(4, "G723", 8000),
        5 => new(5, "DVI4", 8000),
        6 => new(6, "DVI4", 16000),
        7 => new(7, "LPC", 8000),
        8 => new(8, "PCMA", 8000),
        // G.722 samples at 16 kHz but its RTP clock is 8000 by a historical error RFC 3551 §4.5.2 keeps.
        9 => new(9, "G722", 8000),
        10 => new(10, "L16", 44100, 2),
        11 => new(11, "L16", 44100),
        12 => new(12, "QCELP", 8000),
        13 => new(13, "CN", 8000),
        14 => new(14, "MPA", 90000),
        15 => new(15, "G728", 8000),
        16 => new(16, "DVI4", 11025),
        17 => new(17, "DVI4", 22050),
        18 => new(18, "G729", 8000),
        _ => null,
    };

    public override string ToString() =>
        Channels == 1
            ? $"{PayloadType.ToString(CultureInfo.InvariantCulture)} {EncodingName}/{ClockRate.ToString(CultureInfo.InvariantCulture)}"
            : $"{PayloadType.ToString(CultureInfo.InvariantCulture)} {EncodingName}/{ClockRate.ToString(CultureInfo.InvariantCulture)}/{Channels.ToString(CultureInfo.InvariantCulture)}";

    internal static bool TryParsePayloadType(ReadOnlySpan<char> text, out int payloadType) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out payloadType) && payloadType <= 127;
}
