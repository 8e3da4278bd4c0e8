using System.Net;
using CallActors.Sip.Messages;

namespace CallActors.Sip.Transport;

/// <summary>Where and how <see cref="SipTransport"/> listens, and the limits it enforces.</summary>
public sealed record SipTransportOptions
{
    /// <summary>The IP address UDP and TCP bind to; <c>0.0.0.0</c> (or <c>::</c>) listens on every interface.</summary>
    public string BindAddress { get; init; } = "127.0.0.1";

    /// <summary>The port for both UDP and TCP. 0 picks an ephemeral port, the same number for both.</summary>
    public int Port { get; init; } = 5060;

    /// <summary>The host written into Via and Contact. Defaults to <see cref="BindAddress"/>, or for a wildcard bind
    /// to the machine's first non-loopback IPv4 address (never a wildcard).</summary>
    public string? AdvertisedAddress { get; init; }

    public bool EnableUdp { get; init; } = true;

    public bool EnableTcp { get; init; } = true;

    /// <summary>A TCP connection with no traffic either way for this long is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Open TCP connections, inbound and outbound together; beyond it new ones are refused.</summary>
    public int MaxTcpConnections { get; init; } = 1024;

    /// <summary>Messages queued for one TCP connection; a message sent to a peer this far behind is dropped.</summary>
    public int MaxTcpWriteQueue { get; init; } = 1024;

    /// <summary>How long an outbound TCP connect may take before the queued messages are given up.</summary>
    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public SipParserOptions Parser { get; init; } = SipParserOptions.Default;

    /// <summary>Capacity of the queue between the socket loops and the sink; a message arriving when it is full is
    /// dropped and counted.</summary>
    public int ReceiveQueueCapacity { get; init; } = 10_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid setting.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            problems.Add($"{nameof(BindAddress)} must be an IP address, got '{BindAddress}'");
        }
        if (Port is < 0 or > 65_535)
        {
            problems.Add($"{nameof(Port)} must be between 0 and 65535, got {Port}");
        }
        if (AdvertisedAddress is { } advertised
            && (string.IsNullOrWhiteSpace(advertised)
                || (IPAddress.TryParse(advertised, out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))))
        {
            problems.Add($"{nameof(AdvertisedAddress)} must be a host name or a specific IP address, got '{advertised}'");
        }
        if (!EnableUdp && !EnableTcp)
        {
            problems.Add($"at least one of {nameof(EnableUdp)} and {nameof(EnableTcp)} must be true");
        }
        if (TcpIdleTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(TcpIdleTimeout)} must be positive, got {TcpIdleTimeout}");
        }
        if (TcpConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(TcpConnectTimeout)} must be positive, got {TcpConnectTimeout}");
        }
        if (MaxTcpConnections < 1)
        {
            problems.Add($"{nameof(MaxTcpConnections)} must be at least 1, got {MaxTcpConnections}");
        }
        if (MaxTcpWriteQueue < 1)
        {
            problems.Add($"{nameof(MaxTcpWriteQueue)} must be at least 1, got {MaxTcpWriteQueue}");
        }
        if (ReceiveQueueCapacity < 1)
        {
            problems.Add($"{nameof(ReceiveQueueCapacity)} must be at least 1, got {ReceiveQueueCapacity}");
        }
        if (Parser is null)
        {
            problems.Add($"{nameof(Parser)} must be set");
        }
        else if (Parser.MaxMessageBytes < 1)
        {
            problems.Add($"{nameof(Parser)}.{nameof(SipParserOptions.MaxMessageBytes)} must be at least 1, got {Parser.MaxMessageBytes}");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(SipTransportOptions)}: {string.Join("; ", problems)}.");
        }
    }
}
