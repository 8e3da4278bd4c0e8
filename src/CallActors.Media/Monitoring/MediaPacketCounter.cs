using CallActors.Media.Quality;

namespace CallActors.Media.Monitoring;

/// <summary>Running packet and byte counts of one direction, by kind; see <see cref="MediaPacketCounts"/>.</summary>
internal sealed class MediaPacketCounter
{
    private long _packets;
    private long _bytes;
    private long _mediaPackets;
    private long _mediaBytes;
    private long _dtmfPackets;
    private long _dtmfBytes;
    private long _comfortNoisePackets;
    private long _comfortNoiseBytes;
    private long _unknownPayloadTypePackets;

    public long MediaPackets => _mediaPackets;

    public void Add(PacketKind kind, int bytes, bool unknownPayloadType)
    {
        _packets++;
        _bytes += bytes;
        switch (kind)
        {
            case PacketKind.Dtmf:
                _dtmfPackets++;
                _dtmfBytes += bytes;
                break;
            case PacketKind.ComfortNoise:
                _comfortNoisePackets++;
                _comfortNoiseBytes += bytes;
                break;
            case PacketKind.Media:
            default:
                _mediaPackets++;
                _mediaBytes += bytes;
                if (unknownPayloadType)
                {
                    _unknownPayloadTypePackets++;
                }

                break;
        }
    }

    public MediaPacketCounts ToRecord() => new(
        _packets, _bytes, _mediaPackets, _mediaBytes, _dtmfPackets, _dtmfBytes, _comfortNoisePackets, _comfortNoiseBytes,
        _unknownPayloadTypePackets);
}
