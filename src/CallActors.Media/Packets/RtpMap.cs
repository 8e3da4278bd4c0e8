using System.Globalization;

namespace CallActors.Media.Packets;

/// <summary>One SDP <c>a=rtpmap:&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]</c> entry (RFC 8866 §6.6).</summary>
public sealed record RtpMap(byte PayloadType, string EncodingName, int ClockRate, int Channels = 1)
{
    public CodecFamily CodecFamily => PayloadTypes.GetCodecFamily(EncodingName);

    /// <summary>Parses the attribute value, with or without the leading <c>a=rtpmap:</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> value, out RtpMap? rtpMap)
    {
        rtpMap = null;
        value = value.Trim();
        if (value.StartsWith("a=", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        if (value.StartsWith("rtpmap:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[7..];
        }

        var space = value.IndexOf(' ');
        if (space < 0
            || !byte.TryParse(value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType)
            || payloadType > 127)
        {
            return false;
        }

        var encoding = value[(space + 1)..].Trim();
        var slash = encoding.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var name = encoding[..slash];
        var rest = encoding[(slash + 1)..];
        var channels = 1;
        var secondSlash = rest.IndexOf('/');
        if (secondSlash >= 0)
        {
            if (!int.TryParse(rest[(secondSlash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out channels) || channels < 1)
            {
                return false;
            }

            rest = rest[..secondSlash];
        }

        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var clockRate) || clockRate < 1)
        {
            return false;
        }

        rtpMap = new RtpMap(payloadType, name.ToString(), clockRate, channels);
        return true;
    }
}
