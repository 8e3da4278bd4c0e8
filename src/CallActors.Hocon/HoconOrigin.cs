namespace CallActors.Hocon;

/// <summary>Where a HOCON value or token was written: file (or origin name), 1-based line and column.</summary>
public readonly record struct HoconOrigin(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
