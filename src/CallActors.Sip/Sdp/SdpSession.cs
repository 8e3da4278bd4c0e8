using System.Text;

namespace CallActors.Sip.Sdp;

/// <summary>An SDP description (RFC 4566) kept as its lines in order: the session level, then one
/// <see cref="SdpMedia"/> per m= line. Written back it is byte-for-byte what was parsed (with CRLF line ends); the
/// edits a B2BUA makes (address, ports, direction, version) replace only the lines they touch.</summary>
public sealed class SdpSession
{
    private readonly List<SdpLine> _lines;
    private readonly List<SdpMedia> _media;

    internal SdpSession(List<SdpLine> lines, List<SdpMedia> media)
    {
        _lines = lines;
        _media = media;
        foreach (var section in media)
        {
            section.Session = this;
        }
    }

    /// <summary>The session-level lines (v= first), in order.</summary>
    public IReadOnlyList<SdpLine> Lines => _lines;

    public IReadOnlyList<SdpMedia> Media => _media;

    /// <summary>The protocol version of the v= line (always 0).</summary>
    public string Version => SdpLineList.FirstValue(_lines, 'v')!;

    /// <summary>The o= line; setting it replaces that line.</summary>
    public SdpOrigin Origin
    {
        get
        {
            SdpOrigin.TryParse(SdpLineList.FirstValue(_lines, 'o')!, out var origin, out _);
            return origin;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var index = _lines.FindIndex(line => line.Type == 'o');
            _lines[index] = new SdpLine('o', value.ToString());
        }
    }

    /// <summary>The s= line's value (<c>-</c> for most peers).</summary>
    public string SessionName => SdpLineList.FirstValue(_lines, 's')!;

    /// <summary>The session-level c= line, or null when every media section has its own.</summary>
    public SdpConnection? Connection => SdpLineList.Connection(_lines);

    /// <summary>The first t= line's value (<c>0 0</c> for a call).</summary>
    public string Timing => SdpLineList.FirstValue(_lines, 't')!;

    /// <summary>The session-level attributes in order.</summary>
    public IReadOnlyList<SdpAttribute> Attributes => SdpLineList.Attributes(_lines);

    /// <summary>The session-level direction attribute, or null when the session level has none.</summary>
    public SdpDirection? Direction => SdpLineList.Direction(_lines);

    /// <summary>True when the description puts the call on hold (RFC 3264 §8.4, RFC 6337 §5): it has an enabled audio
    /// stream and every enabled audio stream is sendonly or inactive, or has the RFC 2543 address 0.0.0.0.</summary>
    public bool IsHold
    {
        get
        {
            var audio = 0;
            foreach (var media in _media)
            {
                if (media.MediaType != "audio" || media.IsDisabled)
                {
                    continue;
                }
                audio++;
                var heldByAddress = (media.Connection ?? Connection)?.IsHoldAddress ?? false;
                if (!heldByAddress && media.Direction is not (SdpDirection.SendOnly or SdpDirection.Inactive))
                {
                    return false;
                }
            }
            return audio > 0;
        }
    }

    public static SdpSession Parse(string text) =>
        SdpParser.TryParse(text, out var session, out var error) ? session : throw new FormatException(error);

    /// <summary>The value of the first session-level attribute with this name, or null.</summary>
    public string? GetAttribute(string name) => SdpLineList.Attribute(_lines, name, out _);

    public bool HasAttribute(string name)
    {
        SdpLineList.Attribute(_lines, name, out var found);
        return found;
    }

    public SdpSession Clone() => new(new List<SdpLine>(_lines), _media.ConvertAll(media => media.Clone()));

    /// <summary>A copy whose session and media c= lines and o= address point at <paramref name="ip"/> (the relay's
    /// address for the leg it is sent on); every other line is kept.</summary>
    public SdpSession WithConnectionAddress(string ip)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ip);
        var copy = Clone();
        SdpLineList.SetConnectionAddress(copy._lines, ip);
        foreach (var media in copy._media)
        {
            SdpLineList.SetConnectionAddress(media.EditableLines, ip);
        }
        copy.Origin = copy.Origin with { AddressType = SdpConnection.AddressTypeOf(ip), Address = ip };
        return copy;
    }

    /// <summary>Sets the port of a media section's m= line (0 disables the stream, RFC 3264 §8.2).</summary>
    public void SetMediaPort(int mediaIndex, int port) => _media[mediaIndex].SetPort(port);

    /// <summary>Sets a media section's direction attribute: the existing one is replaced in place, else one is added at
    /// the end of the section. A session-level direction stays; the media level overrides it.</summary>
    public void SetDirection(int mediaIndex, SdpDirection direction) =>
        SdpLineList.SetDirection(_media[mediaIndex].EditableLines, direction);

    /// <summary>Adds one to the o= sess-version, as RFC 3264 §8 asks whenever an offer or answer differs from the
    /// previous one on that leg (and only then).</summary>
    public void BumpVersion() => Origin = Origin.WithNextVersion();

    /// <summary>Removes an attribute everywhere (session level and every media section), e.g. the ICE attributes a
    /// relay that anchors media must not pass on; returns how many lines went.</summary>
    public int RemoveAttributes(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var removed = SdpLineList.RemoveAttributes(_lines, name);
        foreach (var media in _media)
        {
            removed += SdpLineList.RemoveAttributes(media.EditableLines, name);
        }
        return removed;
    }

    /// <summary>The description with CRLF after every line.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(512);
        Append(builder, _lines);
        foreach (var media in _media)
        {
            Append(builder, media.EditableLines);
        }
        return builder.ToString();
    }

    /// <summary>The description as a SIP body (UTF-8, RFC 4566 §5).</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());

    private static void Append(StringBuilder builder, List<SdpLine> lines)
    {
        foreach (var line in lines)
        {
            builder.Append(line.Type).Append('=').Append(line.Value).Append("\r\n");
        }
    }
}
