namespace CallActors.Hocon;

/// <summary>The JSON type of a <see cref="HoconScalar"/>.</summary>
public enum HoconScalarKind
{
    String,
    Number,
    Boolean,
    Null,
}
