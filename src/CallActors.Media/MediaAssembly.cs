namespace CallActors.Media;

/// <summary>RTP/RTCP packets, the media-quality models (RFC 3550 statistics, Wireshark-rule analysis, ITU-T G.107
/// E-model, FreeSWITCH-compatible figures), the per-leg monitor that combines them (socket-independent, so captures
/// can reuse it), and the RTP relay that anchors calls' media (Linux epoll + recvmmsg).</summary>
internal static class MediaAssembly;
