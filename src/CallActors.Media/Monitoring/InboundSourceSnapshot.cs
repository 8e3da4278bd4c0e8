using System.Text.Json.Serialization;
using CallActors.Media.Quality;

namespace CallActors.Media.Monitoring;

/// <summary>The final figures of one earlier source (SSRC) of an inbound stream.</summary>
/// <param name="Ssrc">The source.</param>
/// <param name="Rfc3550">Its RFC 3550 and Wireshark-rule figures when the next source took over.</param>
/// <param name="G107">Its E-model rating then (with the default delay); null when the codec has no E-model row.</param>
public sealed record InboundSourceSnapshot(
    uint Ssrc,
    [property: JsonPropertyName(Rfc3550Figures.Model)] Rfc3550Snapshot Rfc3550,
    [property: JsonPropertyName(EModelResult.Model)] G107Snapshot? G107);
