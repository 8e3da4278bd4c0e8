namespace CallActors.Media.Quality;

/// <summary>The ITU-T G.107 E-model, narrowband: R = R0 − Is − Id − Ie,eff + A, and MOS from R.</summary>
/// <remarks>Every G.107 default other than delay and codec is folded into <see cref="DefaultBaseline"/>
/// (R0 − Is − echo terms = 93.2), the value the reference (§3.1) and common monitors use.</remarks>
public static class EModel
{
    /// <summary>R0 − Is with all other G.107 defaults: R for a perfect G.711 call with no delay.</summary>
    public const double DefaultBaseline = 93.2;

    /// <summary>The variant label when the codec has its own narrowband row.</summary>
    public const string NarrowbandVariant = "G.107-NB";

    /// <summary>The variant label when a wideband codec was rated with the G.711+PLC row.</summary>
    public const string WidebandMappedVariant = "G.107-NB, WB codec mapped to G.711+PLC";

    private const double DelayThresholdMs = 100; // G.107 default mT
    private const double ColeKneeMs = 177.3;

    /// <summary>Rates one stream.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An input is outside its G.107 range or not a number.</exception>
    public static EModelResult Compute(EModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Validate(inputs);

        var ieEff = EffectiveEquipmentImpairment(inputs.Codec.Ie, inputs.Codec.Bpl, inputs.PacketLossPercent, inputs.BurstRatio);
        var id = inputs.DelayModel == DelayImpairmentModel.G107
            ? DelayImpairmentG107(inputs.OneWayDelayMilliseconds)
            : DelayImpairmentCole(inputs.OneWayDelayMilliseconds);
        var r = DefaultBaseline - id - ieEff + inputs.AdvantageFactor;
        var variant = inputs.Codec.IsWidebandMappedToNarrowband ? WidebandMappedVariant : NarrowbandVariant;
        return new EModelResult(r, MosFromR(r), ieEff, id, inputs.DelayModel, variant);
    }

    /// <summary>G.107 Annex B: MOS = 1 + 0.035R + 7·10⁻⁶·R(R − 60)(100 − R), 1 below R 0 and 4.5 above R 100.</summary>
    public static double MosFromR(double r)
    {
        if (r < 0)
        {
            return 1;
        }

        if (r > 100)
        {
            return 4.5;
        }

        return 1 + (0.035 * r) + (7e-6 * r * (r - 60) * (100 - r));
    }

    /// <summary>Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl/BurstR + Bpl), Ppl in percent.</summary>
    public static double EffectiveEquipmentImpairment(double ie, double bpl, double packetLossPercent, double burstRatio) =>
        ie + ((95 - ie) * packetLossPercent / ((packetLossPercent / burstRatio) + bpl));

    /// <summary>G.107 Idd: 0 up to 100 ms, else 25·{(1 + X⁶)^⅙ − 3·(1 + (X/3)⁶)^⅙ + 2} with X = log₂(Ta/100).</summary>
    public static double DelayImpairmentG107(double oneWayDelayMs)
    {
        if (oneWayDelayMs <= DelayThresholdMs)
        {
            return 0;
        }

        var x = Math.Log2(oneWayDelayMs / DelayThresholdMs);
        return 25 * (Math.Pow(1 + Math.Pow(x, 6), 1.0 / 6) - (3 * Math.Pow(1 + Math.Pow(x / 3, 6), 1.0 / 6)) + 2);
    }

    /// <summary>Cole &amp; Rosenbluth: Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3).</summary>
    public static double DelayImpairmentCole(double oneWayDelayMs) =>
        (0.024 * oneWayDelayMs) + (oneWayDelayMs > ColeKneeMs ? 0.11 * (oneWayDelayMs - ColeKneeMs) : 0);

    private static void Validate(EModelInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs.Codec);
        Require(inputs.PacketLossPercent is >= 0 and <= 100, inputs.PacketLossPercent, nameof(inputs.PacketLossPercent));
        Require(inputs.BurstRatio >= 1 && double.IsFinite(inputs.BurstRatio), inputs.BurstRatio, nameof(inputs.BurstRatio));
        Require(inputs.OneWayDelayMilliseconds >= 0 && double.IsFinite(inputs.OneWayDelayMilliseconds),
            inputs.OneWayDelayMilliseconds, nameof(inputs.OneWayDelayMilliseconds));
        Require(inputs.AdvantageFactor is >= 0 and <= 20, inputs.AdvantageFactor, nameof(inputs.AdvantageFactor));
        Require(inputs.Codec.Ie is >= 0 and <= 95 && inputs.Codec.Bpl > 0 && double.IsFinite(inputs.Codec.Bpl),
            inputs.Codec.Bpl, nameof(inputs.Codec));
    }

    private static void Require(bool condition, double value, string name)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} is outside the range G.107 defines.");
        }
    }
}
