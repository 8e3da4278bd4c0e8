namespace CallActors.Media.Monitoring;

/// <summary>The codec of the last media packet in one direction.</summary>
/// <param name="Name">The rtpmap encoding name (negotiated, else the static name), e.g. "PCMU"; null when the payload type is unknown.</param>
/// <param name="PayloadType">The RTP payload type.</param>
/// <param name="ClockRate">The RTP clock, Hz; null when unknown.</param>
/// <param name="SampleRate">The codec's audio sampling rate, Hz: the clock, except G.722 (clock 8000, rate 16000, RFC 3551 §4.5.2).</param>
public sealed record CodecSnapshot(string? Name, int PayloadType, int? ClockRate, int? SampleRate);
