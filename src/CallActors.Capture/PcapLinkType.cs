namespace CallActors.Capture;

/// <summary>The link-layer header types (tcpdump.org LINKTYPE_* values) the reader decodes; others are kept as numbers.</summary>
public enum PcapLinkType
{
    /// <summary>BSD loopback: a 4-byte address family in the capturing host's byte order.</summary>
    Null = 0,

    Ethernet = 1,

    /// <summary>Raw IP as some BSDs number it (DLT_RAW 12).</summary>
    RawBsd = 12,

    /// <summary>Raw IP as OpenBSD numbers it (DLT_RAW 14).</summary>
    RawOpenBsd = 14,

    /// <summary>Raw IPv4 or IPv6, no link header (LINKTYPE_RAW).</summary>
    Raw = 101,

    /// <summary>OpenBSD loopback: a 4-byte address family in network byte order.</summary>
    Loop = 108,

    /// <summary>Linux "cooked" capture, version 1 (the "any" interface).</summary>
    LinuxSll = 113,

    IPv4 = 228,

    IPv6 = 229,

    /// <summary>Linux "cooked" capture, version 2.</summary>
    LinuxSll2 = 276,
}
