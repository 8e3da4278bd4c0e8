using System.Net;
using System.Text.RegularExpressions;
using CallActors.Calls.B2bua;
using CallActors.Calls.Routing;
using CallActors.Sip.Messages;
using CallActors.Sip.Transactions;
using CallActors.Sip.Transport;

namespace CallActors.Node.Configuration;

/// <summary><c>callactors.sip</c> (hocon/sip.conf): listeners, timers, call admission and routes.</summary>
public sealed class SipSettings
{
    public bool Enabled { get; set; } = true;

    public string BindAddress { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5060;

    public string AdvertisedAddress { get; set; } = "";

    public bool Udp { get; set; } = true;

    public bool Tcp { get; set; } = true;

    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public long MaxMessageSize { get; set; } = 65_535;

    public int MaxHeaders { get; set; } = 128;

    public int ReceiveQueue { get; set; } = 10_000;

    public SipTimerSettings Timers { get; set; } = new();

    public SipCallSettings Calls { get; set; } = new();

    public List<SipRouteSettings> Routes { get; set; } = [];

    public IEnumerable<(string Key, string Problem)> Validate()
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return ("callactors.sip.bind-address", $"'{BindAddress}' is not an IP address");
        }
        if (Port is < 0 or > 65535)
        {
            yield return ("callactors.sip.port", $"{Port} must be between 0 and 65535");
        }
        if (AdvertisedAddress.Length > 0 && (AdvertisedAddress.Contains(' ', StringComparison.Ordinal) || AdvertisedAddress == "0.0.0.0"))
        {
            yield return ("callactors.sip.advertised-address", $"'{AdvertisedAddress}' must be a routable address or host name");
        }
        if (Enabled && !Udp && !Tcp)
        {
            yield return ("callactors.sip.udp", "at least one of udp and tcp must be on");
        }
        if (MaxMessageSize is < 1024 or > 1_048_576)
        {
            yield return ("callactors.sip.max-message-size", $"{MaxMessageSize} must be between 1024 and 1048576 bytes");
        }
        if (MaxHeaders is < 16 or > 1024)
        {
            yield return ("callactors.sip.max-headers", $"{MaxHeaders} must be between 16 and 1024");
        }
        if (ReceiveQueue < 1)
        {
            yield return ("callactors.sip.receive-queue", "must be at least 1");
        }
        if (Timers.T1 <= TimeSpan.Zero)
        {
            yield return ("callactors.sip.timers.t1", "must be positive");
        }
        if (Timers.T2 < Timers.T1)
        {
            yield return ("callactors.sip.timers.t2", "must be at least t1");
        }
        if (Timers.T4 <= TimeSpan.Zero)
        {
            yield return ("callactors.sip.timers.t4", "must be positive");
        }
        if (Calls.MaxConcurrent < 1)
        {
            yield return ("callactors.sip.calls.max-concurrent", "must be at least 1");
        }
        if (Calls.MaxPerSecond < 1)
        {
            yield return ("callactors.sip.calls.max-per-second", "must be at least 1");
        }
        if (Calls.RingTimeout < TimeSpan.FromSeconds(1))
        {
            yield return ("callactors.sip.calls.ring-timeout", "must be at least 1s");
        }
        if (Calls.MaxRedirects is < 0 or > 10)
        {
            yield return ("callactors.sip.calls.max-redirects", "must be between 0 and 10");
        }
        for (var i = 0; i < Routes.Count; i++)
        {
            foreach (var problem in Routes[i].Validate($"callactors.sip.routes.{i}"))
            {
                yield return problem;
            }
        }
    }

    public SipTransportOptions ToTransportOptions() => new()
    {
        BindAddress = BindAddress,
        Port = Port,
        AdvertisedAddress = AdvertisedAddress.Length == 0 ? null : AdvertisedAddress,
        EnableUdp = Udp,
        EnableTcp = Tcp,
        TcpIdleTimeout = TcpIdleTimeout,
        ReceiveQueueCapacity = ReceiveQueue,
        Parser = new SipParserOptions { MaxMessageBytes = (int)MaxMessageSize, MaxHeaderCount = MaxHeaders },
    };

    public SipTimerOptions ToTimerOptions() => new() { T1 = Timers.T1, T2 = Timers.T2, T4 = Timers.T4 };

    public B2buaOptions ToB2buaOptions(MediaSettings media) => new()
    {
        MediaSampleInterval = media.SampleInterval,
        MediaTimeout = media.Timeout,
        MaxConcurrentCalls = Calls.MaxConcurrent,
        MaxCallsPerSecond = Calls.MaxPerSecond,
        RetryAfter = Calls.RetryAfter,
        PassivateAfter = Calls.PassivateAfter,
        MaxRedirects = Calls.MaxRedirects,
        UserAgent = Calls.UserAgent,
        BlindTransferByRefer = Calls.BlindTransferByRefer,
    };

    public IReadOnlyList<CallRoute> ToRoutes() =>
        Routes.Select(r => new CallRoute(
            r.Name,
            r.MatchUser.Length == 0 ? null : new Regex(r.MatchUser, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)),
            r.MatchDomain.Length == 0 ? null : r.MatchDomain,
            r.Target,
            r.AccountId.Length == 0 ? null : r.AccountId,
            r.RingTimeout ?? Calls.RingTimeout)
        {
            RecordCall = r.RecordCall?.ToRequest(),
        }).ToList();
}

public sealed class SipTimerSettings
{
    public TimeSpan T1 { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan T2 { get; set; } = TimeSpan.FromSeconds(4);

    public TimeSpan T4 { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class SipCallSettings
{
    public int MaxConcurrent { get; set; } = 10_000;

    public int MaxPerSecond { get; set; } = 2_000;

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromSeconds(32);

    public int MaxRedirects { get; set; } = 3;

    public string UserAgent { get; set; } = "CallActors";

    public bool BlindTransferByRefer { get; set; }
}

public sealed class SipRouteSettings
{
    public string Name { get; set; } = "";

    public string MatchUser { get; set; } = "";

    public string MatchDomain { get; set; } = "";

    public string Target { get; set; } = "";

    public string AccountId { get; set; } = "";

    public TimeSpan? RingTimeout { get; set; }

    public RouteRecordingSettings? RecordCall { get; set; }

    public IEnumerable<(string Key, string Problem)> Validate(string path)
    {
        if (RecordCall is not null)
        {
            foreach (var (field, problem) in RecordCall.ToRequest().Validate())
            {
                yield return ($"{path}.record-call.{field.Replace('_', '-')}", problem);
            }
        }
        if (Name.Length == 0)
        {
            yield return ($"{path}.name", "is required");
        }
        if (MatchUser.Length > 0)
        {
            string? error = null;
            try
            {
                _ = new Regex(MatchUser, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
            }
            if (error is not null)
            {
                yield return ($"{path}.match-user", $"'{MatchUser}' is not a valid regular expression: {error}");
            }
        }
        var sample = Target.Replace("${user}", "user", StringComparison.Ordinal);
        if (!SipUri.TryParse(sample, out var uri, out var uriError) || !uri.IsSip)
        {
            yield return ($"{path}.target", $"'{Target}' is not a sip: URI ({uriError ?? "other scheme"})");
        }
        if (RingTimeout is { } ring && ring < TimeSpan.FromSeconds(1))
        {
            yield return ($"{path}.ring-timeout", "must be at least 1s");
        }
    }
}
