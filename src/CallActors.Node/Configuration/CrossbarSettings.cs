using System.Net;
using CallActors.Edge;

namespace CallActors.Node.Configuration;

/// <summary><c>callactors.crossbar</c> (hocon/crossbar.conf): the HTTP API.</summary>
public sealed class CrossbarSettings
{
    public bool Enabled { get; set; } = true;

    public string BindAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8000;

    public IReadOnlyList<string> AutoloadModules { get; set; } = [];

    public long MaxRequestBody { get; set; } = 65536;

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int DefaultPageSize { get; set; } = 50;

    public int MaxPageSize { get; set; } = 1000;

    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan LongPdd { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return ("callactors.crossbar.bind-address", $"'{BindAddress}' is not an IP address");
        }
        if (Port is < 0 or > 65535)
        {
            yield return ("callactors.crossbar.port", $"{Port} is not a TCP port (0 picks a free one)");
        }
        if (MaxRequestBody is < 1024 or > 64 * 1024 * 1024)
        {
            yield return ("callactors.crossbar.max-request-body", $"{MaxRequestBody} must be between 1024 and 67108864 bytes");
        }
        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromDays(30))
        {
            yield return ("callactors.crossbar.token-lifetime", "must be between 1m and 30d");
        }
        if (MaxPageSize is < 1 or > 10_000)
        {
            yield return ("callactors.crossbar.max-page-size", $"{MaxPageSize} must be between 1 and 10000");
        }
        if (DefaultPageSize < 1 || DefaultPageSize > MaxPageSize)
        {
            yield return ("callactors.crossbar.default-page-size", $"{DefaultPageSize} must be between 1 and max-page-size ({MaxPageSize})");
        }
        if (DrainTimeout < TimeSpan.Zero || CallTimeout <= TimeSpan.Zero || LongPdd <= TimeSpan.Zero)
        {
            yield return ("callactors.crossbar", "drain-timeout, call-timeout and long-pdd must be positive");
        }
        var duplicate = AutoloadModules.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            yield return ("callactors.crossbar.autoload_modules", $"'{duplicate.Key}' is listed twice");
        }
    }

    public EdgeOptions ToEdgeOptions() => new()
    {
        BindAddress = BindAddress,
        Port = Port,
        AutoloadModules = AutoloadModules,
        MaxRequestBody = MaxRequestBody,
        TokenLifetime = TokenLifetime,
        DefaultPageSize = DefaultPageSize,
        MaxPageSize = MaxPageSize,
        DrainTimeout = DrainTimeout,
        CallTimeout = CallTimeout,
        LongPdd = LongPdd,
    };
}
