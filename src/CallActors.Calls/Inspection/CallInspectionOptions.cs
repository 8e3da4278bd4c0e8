namespace CallActors.Calls.Inspection;

/// <summary>The thresholds the call inspector's analysis reports against.</summary>
/// <param name="LongPdd">A post-dial delay above this is reported as <c>long_pdd</c>.</param>
public sealed record CallInspectionOptions(TimeSpan LongPdd)
{
    /// <summary>Five seconds of PDD: a caller who hears nothing for longer starts to doubt the call went through.</summary>
    public static CallInspectionOptions Default { get; } = new(TimeSpan.FromSeconds(5));

    /// <summary>Throws when a threshold cannot mean anything.</summary>
    public void Validate()
    {
        if (LongPdd <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(LongPdd)} must be positive, got {LongPdd}");
        }
    }
}
