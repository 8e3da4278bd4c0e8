namespace CallActors.Capture;

/// <summary>The container a capture file uses.</summary>
public enum PcapFormat
{
    /// <summary>Classic libpcap: one file header, then records.</summary>
    Pcap,

    /// <summary>pcapng: sections of typed blocks.</summary>
    PcapNg,
}
