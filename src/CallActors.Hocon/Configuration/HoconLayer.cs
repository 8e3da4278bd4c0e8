namespace CallActors.Hocon.Configuration;

/// <summary>
/// One source in a layered HOCON configuration: <see cref="HoconFileLayer"/> or
/// <see cref="HoconTextLayer"/>. Later layers win; substitutions resolve across all layers.
/// </summary>
public abstract record HoconLayer
{
    private protected HoconLayer()
    {
    }

    internal abstract HoconDocument Load();
}
