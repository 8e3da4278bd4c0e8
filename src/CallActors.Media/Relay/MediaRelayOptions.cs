using System.Net;
using System.Net.Sockets;

namespace CallActors.Media.Relay;

/// <summary>Where <see cref="MediaRelay"/> binds its RTP/RTCP sockets, how many worker threads drive them and the limits it enforces.</summary>
public sealed record MediaRelayOptions
{
    /// <summary>The local address every relay socket binds to (IPv4 or IPv6).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The lowest RTP port handed out; must be even (RTCP uses the port above).</summary>
    public int PortMin { get; init; } = 30000;

    /// <summary>The highest port used, inclusive (an RTCP port may be this one).</summary>
    public int PortMax { get; init; } = 39999;

    /// <summary>Threads that read and forward packets; a session's sockets all belong to one of them.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Datagrams read from one ready socket per wake-up (one recvmmsg call) before the next socket gets its turn.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>The largest datagram relayed; a bigger one is dropped and counted as oversized.</summary>
    public int MaxPacketBytes { get; init; } = 1500;

    /// <summary>SO_RCVBUF of every relay socket (the kernel doubles it and caps it at net.core.rmem_max).</summary>
    public int SocketReceiveBufferBytes { get; init; } = 1 << 20;

    /// <summary>How long a latched source may stay silent before another source may take its place; zero lets any
    /// source take over at once (latching then only tells where to send).</summary>
    public TimeSpan RelearnAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (BindAddress is null || BindAddress.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            problems.Add($"{nameof(BindAddress)} must be an IPv4 or IPv6 address, got '{BindAddress}'");
        }
        if (PortMin is < 1024 or > 65_534 || PortMin % 2 != 0)
        {
            problems.Add($"{nameof(PortMin)} must be an even port between 1024 and 65534, got {PortMin}");
        }
        if (PortMax > 65_535 || PortMax < PortMin + 1)
        {
            problems.Add($"{nameof(PortMax)} must be at most 65535 and leave room for one RTP/RTCP pair above {nameof(PortMin)} {PortMin}, got {PortMax}");
        }
        if (Workers is < 1 or > 64)
        {
            problems.Add($"{nameof(Workers)} must be between 1 and 64, got {Workers}");
        }
        if (BatchSize is < 1 or > 1024)
        {
            problems.Add($"{nameof(BatchSize)} must be between 1 and 1024, got {BatchSize}");
        }
        if (MaxPacketBytes is < 64 or > 65_535)
        {
            problems.Add($"{nameof(MaxPacketBytes)} must be between 64 and 65535, got {MaxPacketBytes}");
        }
        if (SocketReceiveBufferBytes < 4096)
        {
            problems.Add($"{nameof(SocketReceiveBufferBytes)} must be at least 4096, got {SocketReceiveBufferBytes}");
        }
        if (RelearnAfter < TimeSpan.Zero)
        {
            problems.Add($"{nameof(RelearnAfter)} must not be negative, got {RelearnAfter}");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid media relay options: " + string.Join("; ", problems) + ".");
        }
    }
}
