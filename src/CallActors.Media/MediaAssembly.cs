namespace CallActors.Media;

/// <summary>RTP/RTCP packets and the media-quality models (RFC 3550 statistics, ITU-T G.107 E-model,
/// FreeSWITCH-compatible figures) the call actors use; no sockets here.</summary>
internal static class MediaAssembly;
