namespace CallActors.Media.Quality;

/// <summary>The ITU-T G.107 rating of one stream (model <see cref="Model"/>), with the terms it is made of.</summary>
/// <param name="R">The transmission rating factor R.</param>
/// <param name="Mos">MOS from R by the G.107 Annex B conversion (1 to 4.5).</param>
/// <param name="IeEff">The effective equipment impairment (codec plus loss).</param>
/// <param name="Id">The delay impairment, by <paramref name="DelayModel"/>.</param>
/// <param name="DelayModel">Which Id formula was used.</param>
/// <param name="Variant">What was rated, e.g. "G.107-NB" or "G.107-NB, WB codec mapped to G.711+PLC".</param>
public sealed record EModelResult(double R, double Mos, double IeEff, double Id, DelayImpairmentModel DelayModel, string Variant)
{
    /// <summary>The label of the model this result comes from.</summary>
    public const string Model = "g107";
}
