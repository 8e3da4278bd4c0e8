using System.Text.Json.Serialization;

namespace CallActors.Media.Monitoring;

/// <summary>One call leg's media figures at one instant: the stream the leg sends us (measured), the stream we send
/// it (counted), and what the leg reports about ours over RTCP. Plain data: serialises with System.Text.Json, no NaN.</summary>
/// <param name="Inbound">What the leg sends us, with the rfc3550, g107 and freeswitch figures.</param>
/// <param name="Outbound">What we forwarded to the leg.</param>
/// <param name="RemoteRtcp">The leg's reports about our stream; null until the leg sends RTCP.</param>
/// <param name="OneWayAudio">True when media flows in one direction only: one side sent media packets, the other none.</param>
public sealed record MediaLegSnapshot(
    InboundStreamSnapshot Inbound,
    OutboundStreamSnapshot Outbound,
    [property: JsonPropertyName(RemoteRtcpSnapshot.Model)] RemoteRtcpSnapshot? RemoteRtcp,
    bool OneWayAudio);
