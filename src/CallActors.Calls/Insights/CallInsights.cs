using CallActors.Calls.Media;

namespace CallActors.Calls.Insights;

/// <summary>Everything the seed "call insights" API returns for one call (reference kazoo-and-apis.md §5), built from
/// the call's events. Media figures are per leg and labelled by the model behind them (rfc3550, g107, freeswitch,
/// remote_rtcp) inside <see cref="MediaLegSample.Figures"/>.</summary>
/// <param name="Id">The call's id (the caller's SIP Call-ID).</param>
/// <param name="ChannelId">The callee leg's SIP Call-ID (the B2BUA's second channel), or null when none was placed.</param>
/// <param name="From">The caller's From header.</param>
/// <param name="To">The caller's To header.</param>
/// <param name="Direction">Always <c>incoming</c> for a call the B2BUA received.</param>
/// <param name="Status">The call status (<c>ringing</c>, <c>ongoing</c>, <c>completed</c>…).</param>
/// <param name="Type">Always <c>sip</c>.</param>
/// <param name="Duration">Whole seconds from creation to end; null while the call runs.</param>
/// <param name="HangupCauseCode">The Q.850 value of the hangup cause.</param>
/// <param name="HangupCause">The hangup cause's name (NORMAL_CLEARING…).</param>
/// <param name="HangupSource">Who ended the call: caller, callee, api, timeout, media-timeout or none.</param>
/// <param name="HangupSipCode">The final SIP status, as a string.</param>
/// <param name="CreatedAt">When the caller's INVITE arrived.</param>
/// <param name="UpdatedAt">The time of the call's latest change (or media sample).</param>
/// <param name="RingingAt">The first ringing response.</param>
/// <param name="AnsweredAt">The answer.</param>
/// <param name="EndedAt">The end.</param>
/// <param name="SignallingMetrics">PDD, user agent, addresses, route.</param>
/// <param name="MediaMetrics">Both legs' media figures; null when the call's media was not anchored.</param>
public sealed record CallInsights(
    string Id,
    string? ChannelId,
    string From,
    string To,
    string Direction,
    string Status,
    string Type,
    long? Duration,
    int? HangupCauseCode,
    string? HangupCause,
    string? HangupSource,
    string? HangupSipCode,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RingingAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    SignallingMetrics SignallingMetrics,
    MediaMetrics? MediaMetrics);

/// <summary>Signalling figures of a call (seed signallingMetrics).</summary>
/// <param name="Pdd">Post-dial delay in milliseconds.</param>
/// <param name="EdgeRegion">The node that handled the signalling.</param>
/// <param name="ProviderName">The route (trunk) the call took.</param>
/// <param name="UserAgent">The caller's User-Agent.</param>
/// <param name="RemoteSignallingIp">The caller's signalling address.</param>
/// <param name="RemoteMediaIp">The caller's media address (latched RTP source, else its SDP).</param>
public sealed record SignallingMetrics(
    double? Pdd,
    string EdgeRegion,
    string? ProviderName,
    string? UserAgent,
    string RemoteSignallingIp,
    string? RemoteMediaIp);

/// <summary>Media figures of a call: the latest sample of both legs (final once the call ended) and how many samples
/// the timeline holds.</summary>
public sealed record MediaMetrics(DateTimeOffset SampledAt, bool Final, int Samples, MediaLegSample Caller, MediaLegSample Callee);
