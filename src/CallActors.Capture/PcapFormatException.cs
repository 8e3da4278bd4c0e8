namespace CallActors.Capture;

/// <summary>The stream does not start with a pcap or pcapng header <see cref="PcapReader"/> understands.</summary>
public sealed class PcapFormatException : Exception
{
    public PcapFormatException()
    {
    }

    public PcapFormatException(string message)
        : base(message)
    {
    }

    public PcapFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
