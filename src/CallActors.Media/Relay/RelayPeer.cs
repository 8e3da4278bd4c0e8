using System.Net;

namespace CallActors.Media.Relay;

/// <summary>Where a leg's SDP says it receives, as one immutable snapshot; each <see cref="RelayLeg.SetPeer"/> makes a
/// new one with a higher <see cref="Generation"/>, which is how the worker learns that latching must start over.</summary>
internal sealed class RelayPeer
{
    private RelayPeer(int generation, RelayAddress rtp, RelayAddress rtcp, bool rtcpMux)
    {
        Generation = generation;
        Rtp = rtp;
        Rtcp = rtcp;
        RtcpMux = rtcpMux;
    }

    /// <summary>Before any SDP: no destination.</summary>
    public static RelayPeer None { get; } = new(0, default, default, false);

    public int Generation { get; }

    /// <summary>The advertised RTP endpoint; empty for none (port 0 or a 0.0.0.0 / :: hold).</summary>
    public RelayAddress Rtp { get; }

    /// <summary>The advertised RTCP endpoint: explicit, or RTP port + 1 unless multiplexed; empty for none.</summary>
    public RelayAddress Rtcp { get; }

    public bool RtcpMux { get; }

    public static RelayPeer Create(int generation, IPEndPoint? rtp, IPEndPoint? rtcp, bool rtcpMux)
    {
        var rtpAddress = ToAddress(rtp);
        var rtcpAddress = rtcp is not null ? ToAddress(rtcp)
            : rtcpMux || rtpAddress.IsEmpty || rtpAddress.Port == IPEndPoint.MaxPort ? default
            : rtpAddress.WithPort(rtpAddress.Port + 1);
        return new RelayPeer(generation, rtpAddress, rtcpAddress, rtcpMux);
    }

    private static RelayAddress ToAddress(IPEndPoint? endPoint) =>
        endPoint is null || endPoint.Port == 0 || endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any)
            ? default
            : RelayAddress.From(endPoint);
}
