namespace CallActors.Calls.B2bua;

/// <summary>How the B2BUA admits and runs calls (hocon/sip.conf, <c>callactors.sip.calls</c>).</summary>
public sealed record B2buaOptions
{
    /// <summary>Calls in progress above which new INVITEs get 503 with Retry-After.</summary>
    public int MaxConcurrentCalls { get; init; } = 10_000;

    /// <summary>New calls per second above which new INVITEs get 503 with Retry-After (token bucket, burst of one second).</summary>
    public int MaxCallsPerSecond { get; init; } = 2_000;

    /// <summary>The Retry-After value sent with 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><see cref="RetryAfter"/> as the header writes it: whole seconds, rounded up.</summary>
    public string RetryAfterHeader =>
        ((int)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long a finished call's actor stays in memory (absorbing late retransmissions) before it passivates.</summary>
    public TimeSpan PassivateAfter { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>Redirects (3xx) followed on the callee leg before the call fails.</summary>
    public int MaxRedirects { get; init; } = 3;

    /// <summary>The User-Agent the node writes on the requests it originates.</summary>
    public string UserAgent { get; init; } = "CallActors";

    /// <summary>An API blind transfer asks the kept party to call the target itself (REFER, RFC 3515; the Refer-To is the
    /// target at the node's address, so the new call comes back through the node) when that party listed REFER in its
    /// Allow, and follows its NOTIFYs; a party that does not, or that refuses the REFER, is re-bridged by the node.</summary>
    public bool BlindTransferByRefer { get; init; }

    /// <summary>How often an answered call records its media figures (a <c>MediaStatsSampled</c> event).</summary>
    public TimeSpan MediaSampleInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A leg that sends no RTP for this long after the answer (while the call is not on hold) ends the call
    /// with hangup source media-timeout; zero turns the check off.</summary>
    public TimeSpan MediaTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
