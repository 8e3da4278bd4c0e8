using System.Net;
using CallActors.Media.Monitoring;
using CallActors.Media.Relay;

namespace CallActors.Node.Configuration;

/// <summary><c>callactors.media</c> (hocon/media.conf): the RTP relay and the media measurements.</summary>
public sealed class MediaSettings
{
    public bool Relay { get; set; } = true;

    public string BindAddress { get; set; } = "127.0.0.1";

    public int PortMin { get; set; } = 30000;

    public int PortMax { get; set; } = 39999;

    public string AdvertisedAddress { get; set; } = "";

    public int Workers { get; set; } = 1;

    public int BatchSize { get; set; } = 32;

    public int MaxPacketSize { get; set; } = 1500;

    public TimeSpan RelearnAfter { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan DefaultOneWayDelay { get; set; } = TimeSpan.Zero;

    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (!IPAddress.TryParse(BindAddress, out var bind))
        {
            yield return ("callactors.media.bind-address", $"'{BindAddress}' is not an IP address");
        }
        if (AdvertisedAddress.Length > 0 && !IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return ("callactors.media.advertised-address", $"'{AdvertisedAddress}' is not an IP address (SDP needs one)");
        }
        else if (AdvertisedAddress.Length == 0 && bind is not null && (bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any)))
        {
            yield return ("callactors.media.advertised-address", "must be set when bind-address listens on every address");
        }
        if (PortMin is < 1024 or > 65534 || PortMin % 2 != 0)
        {
            yield return ("callactors.media.port-min", $"{PortMin} must be an even port between 1024 and 65534");
        }
        if (PortMax > 65535 || PortMax < PortMin + 3)
        {
            yield return ("callactors.media.port-max", $"{PortMax} must be at most 65535 and leave room for one call (two port pairs) above port-min");
        }
        if (Workers is < 1 or > 64)
        {
            yield return ("callactors.media.workers", $"{Workers} must be between 1 and 64");
        }
        if (BatchSize is < 1 or > 1024)
        {
            yield return ("callactors.media.batch-size", $"{BatchSize} must be between 1 and 1024");
        }
        if (MaxPacketSize is < 172 or > 65507)
        {
            yield return ("callactors.media.max-packet-size", $"{MaxPacketSize} must be between 172 and 65507 bytes");
        }
        if (RelearnAfter < TimeSpan.Zero)
        {
            yield return ("callactors.media.relearn-after", "must not be negative");
        }
        if (Timeout < TimeSpan.Zero)
        {
            yield return ("callactors.media.timeout", "must not be negative (0s turns it off)");
        }
        if (SampleInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return ("callactors.media.sample-interval", "must be at least 100ms");
        }
        if (DefaultOneWayDelay < TimeSpan.Zero || DefaultOneWayDelay > TimeSpan.FromSeconds(5))
        {
            yield return ("callactors.media.default-one-way-delay", "must be between 0 and 5s");
        }
    }

    public MediaRelayOptions ToRelayOptions() => new()
    {
        BindAddress = IPAddress.Parse(BindAddress),
        PortMin = PortMin,
        PortMax = PortMax,
        Workers = Workers,
        BatchSize = BatchSize,
        MaxPacketBytes = MaxPacketSize,
        RelearnAfter = RelearnAfter,
    };

    public IPAddress Advertised => IPAddress.Parse(AdvertisedAddress.Length > 0 ? AdvertisedAddress : BindAddress);

    public MediaMonitorOptions ToMonitorOptions() => new() { DefaultOneWayDelayMilliseconds = DefaultOneWayDelay.TotalMilliseconds };
}
