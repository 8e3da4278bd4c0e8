namespace CallActors.Hocon;

/// <summary>A resolved HOCON value: <see cref="HoconObject"/>, <see cref="HoconArray"/> or <see cref="HoconScalar"/>.</summary>
public abstract class HoconValue
{
    private protected HoconValue(HoconOrigin origin) => Origin = origin;

    /// <summary>Where the value was written (for a substituted value: where the substitution was written).</summary>
    public HoconOrigin Origin { get; }

    /// <summary>A word for error messages: "an object", "an array", "a string"…</summary>
    internal abstract string Description { get; }

    internal abstract HoconValue WithOrigin(HoconOrigin origin);
}
