namespace CallActors.Capture;

/// <summary>What <see cref="UdpFrameDecoder"/> found in one frame.</summary>
internal enum FrameVerdict
{
    Udp,
    NotUdp,
    Fragment,
    Truncated,
    Malformed,
    UnsupportedLinkType,
}
