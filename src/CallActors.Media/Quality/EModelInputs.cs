namespace CallActors.Media.Quality;

/// <summary>What the E-model needs for one stream: codec row, loss, burstiness and mouth-to-ear delay.</summary>
/// <param name="Codec">The codec's Ie and Bpl.</param>
/// <param name="PacketLossPercent">Ppl in percent (0–100): network loss plus jitter-buffer discards.</param>
/// <param name="BurstRatio">G.107 BurstR (1 = random loss, above 1 = bursty); at least 1.</param>
/// <param name="OneWayDelayMilliseconds">Ta, mouth-to-ear delay in ms (network + packetisation + look-ahead + buffer).</param>
/// <param name="AdvantageFactor">A (0 for wired; G.107 allows up to 20).</param>
/// <param name="DelayModel">The Id formula.</param>
public sealed record EModelInputs(
    CodecImpairment Codec,
    double PacketLossPercent,
    double BurstRatio = 1,
    double OneWayDelayMilliseconds = 0,
    double AdvantageFactor = 0,
    DelayImpairmentModel DelayModel = DelayImpairmentModel.G107);
