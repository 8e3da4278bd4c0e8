using CallActors.Media.Monitoring;
using CallActors.Media.Relay;

namespace CallActors.Calls.Media;

/// <summary>Both legs' media figures at one instant.</summary>
public sealed record CallMediaSample(MediaLegSample Caller, MediaLegSample Callee);

/// <summary>One leg's media: what the monitor measured (labelled rfc3550, g107, freeswitch, remote_rtcp), where the
/// leg's RTP comes from, and what the relay dropped.</summary>
/// <param name="Figures">The monitor's figures: inbound (the leg's stream to us), outbound, remote reports.</param>
/// <param name="RemoteMediaAddress">The leg's media address: the latched source, else what its SDP announced.</param>
/// <param name="LocalMediaAddress">The relay's RTP address:port for this leg.</param>
/// <param name="Relay">The relay's counters for the leg (packets, drops by reason).</param>
public sealed record MediaLegSample(
    MediaLegSnapshot Figures,
    string? RemoteMediaAddress,
    string LocalMediaAddress,
    RelayLegCounters Relay);
