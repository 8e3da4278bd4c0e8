namespace CallActors.Media.Packets;

/// <summary>
/// Resolves a payload type's clock rate and codec family for one receiving direction: the SDP's rtpmap
/// entries first, then the RFC 3551 static table. Immutable; lookups are array reads.
/// </summary>
public sealed class ClockRateResolver
{
    private readonly int[] _clockRates = new int[128];
    private readonly CodecFamily[] _families = new CodecFamily[128];

    /// <summary>A resolver that knows only the static payload types.</summary>
    public static ClockRateResolver Static { get; } = new([]);

    public ClockRateResolver(IEnumerable<RtpMap> rtpMaps)
    {
        ArgumentNullException.ThrowIfNull(rtpMaps);
        for (var payloadType = 0; payloadType < 128; payloadType++)
        {
            _clockRates[payloadType] = PayloadTypes.GetStaticClockRate(payloadType) ?? 0;
            var name = PayloadTypes.GetStaticEncodingName(payloadType);
            _families[payloadType] = name is null ? CodecFamily.Unknown : PayloadTypes.GetCodecFamily(name);
        }

        foreach (var rtpMap in rtpMaps)
        {
            if (rtpMap.PayloadType < 128)
            {
                _clockRates[rtpMap.PayloadType] = rtpMap.ClockRate;
                _families[rtpMap.PayloadType] = rtpMap.CodecFamily;
            }
        }
    }

    /// <summary>The RTP clock rate in Hz; null when the payload type was never mapped (then jitter cannot be computed).</summary>
    public int? GetClockRate(byte payloadType) =>
        payloadType < 128 && _clockRates[payloadType] > 0 ? _clockRates[payloadType] : null;

    public CodecFamily GetCodecFamily(byte payloadType) =>
        payloadType < 128 ? _families[payloadType] : CodecFamily.Unknown;

    /// <summary>True for the negotiated RFC 4733 telephone-event type.</summary>
    public bool IsTelephoneEvent(byte payloadType) => GetCodecFamily(payloadType) == CodecFamily.TelephoneEvent;

    /// <summary>True for comfort noise: static type 13 or a negotiated <c>CN</c> rtpmap (RFC 3389).</summary>
    public bool IsComfortNoise(byte payloadType) => GetCodecFamily(payloadType) == CodecFamily.ComfortNoise;
}
