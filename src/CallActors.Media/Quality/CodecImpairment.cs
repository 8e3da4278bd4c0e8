namespace CallActors.Media.Quality;

/// <summary>A codec's narrowband E-model parameters (ITU-T G.113 Appendix I as reproduced in
/// <c>reference/media-quality.md</c> §3.3): equipment impairment Ie and packet-loss robustness Bpl.</summary>
/// <param name="Name">What the row describes (codec and configuration).</param>
/// <param name="Ie">Equipment impairment at zero loss.</param>
/// <param name="Bpl">Packet-loss robustness of the codec with its concealment.</param>
/// <param name="IsWidebandMappedToNarrowband">True when a wideband codec (G.722, Opus, AMR-WB, EVS) is
/// rated with the G.711+PLC row, because G.113 gives it no narrowband values.</param>
public sealed record CodecImpairment(string Name, double Ie, double Bpl, bool IsWidebandMappedToNarrowband = false)
{
    /// <summary>G.711 64 kbit/s with G.711 Appendix I PLC: Ie 0, Bpl 25.1.</summary>
    public static readonly CodecImpairment G711WithPlc = new("G.711+PLC", 0, 25.1);

    /// <summary>G.711 64 kbit/s without PLC (silence insertion): Ie 0, Bpl 4.3.</summary>
    public static readonly CodecImpairment G711WithoutPlc = new("G.711 no PLC", 0, 4.3);

    /// <summary>G.729A with VAD, 20 ms packets: Ie 11, Bpl 19.0.</summary>
    public static readonly CodecImpairment G729AWithVad = new("G.729A+VAD", 11, 19.0);

    /// <summary>G.723.1 6.3 kbit/s with VAD, 30 ms packets: Ie 15, Bpl 16.1.</summary>
    public static readonly CodecImpairment G7231At6k3WithVad = new("G.723.1 6.3k+VAD", 15, 16.1);

    /// <summary>GSM-EFR 12.2 kbit/s: Ie 5, Bpl 10.0 (lower confidence in the source).</summary>
    public static readonly CodecImpairment GsmEfr = new("GSM-EFR", 5, 10.0);

    /// <summary>The policy row for wideband codecs: G.711+PLC values, flagged as mapped.</summary>
    public static readonly CodecImpairment WidebandAsG711WithPlc = new("WB codec as G.711+PLC", 0, 25.1, IsWidebandMappedToNarrowband: true);

    /// <summary>Finds the row for an SDP rtpmap encoding name (case-insensitive), or null when we have none.</summary>
    /// <remarks>G.711 is assumed to run with PLC (the endpoints we meet conceal losses); plain "G729" is
    /// rated as G.729A+VAD because G.113 gives no Bpl for G.729 without annexes and SIP G.729 is Annex A.</remarks>
    public static CodecImpairment? FindByEncodingName(string encodingName)
    {
        ArgumentNullException.ThrowIfNull(encodingName);
        return encodingName.ToUpperInvariant() switch
        {
            "PCMU" or "PCMA" or "G711" => G711WithPlc,
            "G729" or "G729A" or "G729AB" => G729AWithVad,
            "G723" => G7231At6k3WithVad,
            "GSM-EFR" => GsmEfr,
            "G722" or "OPUS" or "AMR-WB" or "EVS" => WidebandAsG711WithPlc,
            _ => null,
        };
    }
}
