namespace CallActors.Media.Monitoring;

/// <summary>The "g107" rating of the inbound stream's current source (ITU-T G.107 E-model, narrowband) and the
/// inputs it was computed from.</summary>
/// <param name="R">The transmission rating factor.</param>
/// <param name="Mos">MOS from R (G.107 Annex B); listening quality when <paramref name="OneWayDelayMilliseconds"/> is at most 100 ms.</param>
/// <param name="Ie">The codec's equipment impairment at zero loss.</param>
/// <param name="Bpl">The codec's packet-loss robustness.</param>
/// <param name="PacketLossPercent">Ppl: the RFC 3550 loss ratio in percent, 0 when duplicates make it negative.</param>
/// <param name="BurstRatio">BurstR from the loss pattern (two-state Markov model); 1 for random loss.</param>
/// <param name="OneWayDelayMilliseconds">Ta, the mouth-to-ear delay used for Id.</param>
/// <param name="DelaySource">Where Ta came from: "caller" (given to the snapshot), "rtt" (this leg's RTT ÷ 2) or "default" (options).</param>
/// <param name="IeEff">The effective equipment impairment (codec plus loss).</param>
/// <param name="Id">The delay impairment.</param>
/// <param name="CodecRow">The G.113 row the codec was rated with, e.g. "G.711+PLC".</param>
/// <param name="Variant">What was rated, e.g. "G.107-NB" or "G.107-NB, WB codec mapped to G.711+PLC".</param>
public sealed record G107Snapshot(
    double R,
    double Mos,
    double Ie,
    double Bpl,
    double PacketLossPercent,
    double BurstRatio,
    double OneWayDelayMilliseconds,
    string DelaySource,
    double IeEff,
    double Id,
    string CodecRow,
    string Variant);
