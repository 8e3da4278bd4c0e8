using System.Globalization;

namespace CallActors.Sip.Sdp;

/// <summary>One media section of an SDP description: its <c>m=</c> line and the lines under it, in order. Readers fall
/// back to the session level where RFC 4566 says so (c=, direction); edits go through <see cref="SdpSession"/>.</summary>
public sealed class SdpMedia
{
    private readonly List<SdpLine> _lines;
    private string[] _formats = [];

    private SdpMedia(List<SdpLine> lines) => _lines = lines;

    /// <summary><c>audio</c>, <c>video</c>, <c>image</c>…</summary>
    public string MediaType { get; private set; } = string.Empty;

    /// <summary>The transport port; 0 means the stream is rejected or disabled (RFC 3264 §6).</summary>
    public int Port { get; private set; }

    /// <summary>The <c>/&lt;number of ports&gt;</c> suffix of the port, or null.</summary>
    public int? PortCount { get; private set; }

    /// <summary><c>RTP/AVP</c>, <c>RTP/SAVP</c>, <c>UDP/TLS/RTP/SAVPF</c>, <c>udptl</c>…</summary>
    public string Protocol { get; private set; } = string.Empty;

    /// <summary>The format list of the m= line: payload type numbers for RTP, in preference order.</summary>
    public IReadOnlyList<string> Formats => _formats;

    /// <summary>Every line of the section, the m= line first.</summary>
    public IReadOnlyList<SdpLine> Lines => _lines;

    public bool IsDisabled => Port == 0;

    /// <summary>The media-level c= line, or null.</summary>
    public SdpConnection? Connection => SdpLineList.Connection(_lines);

    /// <summary>The values of the b= lines (<c>AS:64</c>, <c>TIAS:64000</c>).</summary>
    public IReadOnlyList<string> Bandwidths => SdpLineList.Values(_lines, 'b');

    /// <summary>The media-level attributes in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes => SdpLineList.Attributes(_lines);

    /// <summary>The payload types of the m= line that are numbers (all of them, for RTP).</summary>
    public IReadOnlyList<int> PayloadTypes
    {
        get
        {
            var payloadTypes = new List<int>(_formats.Length);
            foreach (var format in _formats)
            {
                if (SdpRtpMap.TryParsePayloadType(format, out var payloadType))
                {
                    payloadTypes.Add(payloadType);
                }
            }
            return payloadTypes;
        }
    }

    /// <summary>The rtpmap attributes that parse, in order.</summary>
    public IReadOnlyList<SdpRtpMap> Rtpmaps
    {
        get
        {
            var maps = new List<SdpRtpMap>();
            foreach (var line in _lines)
            {
                if (line.Type == 'a' && SdpAttribute.Parse(line.Value) is { Name: "rtpmap", Value: { } value }
                    && SdpRtpMap.TryParse(value, out var map))
                {
                    maps.Add(map);
                }
            }
            return maps;
        }
    }

    /// <summary>The effective direction: the media-level attribute, else the session-level one, else sendrecv.</summary>
    public SdpDirection Direction => SdpLineList.Direction(_lines) ?? Session?.Direction ?? SdpDirection.SendRecv;

    /// <summary>The media's address: the media-level c= else the session-level one (without multicast suffixes).</summary>
    public string? ConnectionAddress => (Connection ?? Session?.Connection)?.Host;

    /// <summary>The packetisation time in ms (<c>a=ptime</c>, media level, else session level), or null. A hint only:
    /// peers send what they like (sip.md §3.1).</summary>
    public int? Ptime => ReadInt("ptime");

    public int? MaxPtime => ReadInt("maxptime");

    /// <summary>The RTCP port: <c>a=rtcp:&lt;port&gt;</c> (RFC 3605) when present, else the RTP port + 1 (RFC 3550 §11).
    /// With an accepted <see cref="IsRtcpMux"/> RTCP shares the RTP port instead; that is the answerer's call.</summary>
    public int RtcpPort
    {
        get
        {
            var value = SdpLineList.Attribute(_lines, "rtcp", out _);
            if (value is not null)
            {
                var end = value.IndexOf(' ', StringComparison.Ordinal);
                if (int.TryParse(end < 0 ? value : value[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    && port <= 65535)
                {
                    return port;
                }
            }
            return Port + 1;
        }
    }

    /// <summary>True when the section offers or accepts RTP/RTCP multiplexing (RFC 5761 <c>a=rtcp-mux</c>).</summary>
    public bool IsRtcpMux
    {
        get
        {
            SdpLineList.Attribute(_lines, "rtcp-mux", out var found);
            return found;
        }
    }

    internal SdpSession? Session { get; set; }

    /// <summary>The value of the first media-level attribute with this name (null for a property attribute or when
    /// absent: use <see cref="HasAttribute"/> to tell them apart).</summary>
    public string? GetAttribute(string name) => SdpLineList.Attribute(_lines, name, out _);

    public bool HasAttribute(string name)
    {
        SdpLineList.Attribute(_lines, name, out var found);
        return found;
    }

    /// <summary>What a payload type stands for: its rtpmap, else its RFC 3551 static assignment, else null.</summary>
    public SdpRtpMap? GetRtpMap(int payloadType)
    {
        foreach (var map in Rtpmaps)
        {
            if (map.PayloadType == payloadType)
            {
                return map;
            }
        }
        return SdpRtpMap.Static(payloadType);
    }

    /// <summary>The format parameters of a payload type (<c>a=fmtp:101 0-15</c> gives <c>0-15</c>), or null.</summary>
    public string? Fmtp(int payloadType)
    {
        foreach (var line in _lines)
        {
            if (line.Type == 'a' && SdpAttribute.Parse(line.Value) is { Name: "fmtp", Value: { } value })
            {
                var space = value.IndexOf(' ', StringComparison.Ordinal);
                var number = space < 0 ? value : value[..space];
                if (SdpRtpMap.TryParsePayloadType(number, out var pt) && pt == payloadType)
                {
                    return space < 0 ? string.Empty : value[(space + 1)..];
                }
            }
        }
        return null;
    }

    public override string ToString() => _lines[0].ToString();

    /// <summary>Builds a section from its lines (the first is the m= line); false with a reason when the m= line is
    /// malformed.</summary>
    internal static bool TryCreate(List<SdpLine> lines, out SdpMedia media, out string? error)
    {
        media = new SdpMedia(lines);
        return media.TryReadMediaLine(out error);
    }

    internal SdpMedia Clone() => new(new List<SdpLine>(_lines))
    {
        MediaType = MediaType, Port = Port, PortCount = PortCount, Protocol = Protocol, _formats = _formats,
    };

    internal List<SdpLine> EditableLines => _lines;

    /// <summary>Replaces the port of the m= line and nothing else in it.</summary>
    internal void SetPort(int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var value = _lines[0].Value;
        var start = value.IndexOf(' ', StringComparison.Ordinal) + 1;
        while (value[start] == ' ')
        {
            start++;
        }
        var end = start;
        while (end < value.Length && char.IsAsciiDigit(value[end]))
        {
            end++;
        }
        _lines[0] = new SdpLine('m', string.Concat(value.AsSpan(0, start), port.ToString(CultureInfo.InvariantCulture), value.AsSpan(end)));
        Port = port;
    }

    private int? ReadInt(string attribute)
    {
        var value = SdpLineList.Attribute(_lines, attribute, out _) ?? Session?.GetAttribute(attribute);
        return int.TryParse(value?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    // m=<media> <port>[/<number of ports>] <proto> <fmt> ...  (RFC 4566 §5.14)
    private bool TryReadMediaLine(out string? error)
    {
        error = null;
        var value = _lines[0].Value;
        var fields = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4)
        {
            error = $"bad m= line '{value}': it needs <media> <port> <proto> and at least one format";
            return false;
        }
        if (fields[0].AsSpan().ContainsAny("/:=\t"))
        {
            error = $"bad m= line '{value}': '{fields[0]}' is not a media type";
            return false;
        }
        var portText = fields[1].AsSpan();
        int? portCount = null;
        var slash = portText.IndexOf('/');
        if (slash >= 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                error = $"bad port '{fields[1]}' in m= line '{value}': the number of ports must be a positive integer";
                return false;
            }
            portCount = count;
            portText = portText[..slash];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"bad port '{fields[1]}' in m= line '{value}': it must be an integer from 0 to 65535";
            return false;
        }
        MediaType = fields[0];
        Port = port;
        PortCount = portCount;
        Protocol = fields[2];
        _formats = fields[3..];
        return true;
    }
}
