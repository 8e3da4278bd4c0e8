using Microsoft.Extensions.Configuration;

namespace CallActors.Hocon.Configuration;

/// <summary>
/// Configuration source for one merged HOCON document built from ordered layers (later wins),
/// resolved once after merging so that substitutions see every layer.
/// </summary>
public sealed class HoconConfigurationSource : IConfigurationSource
{
    public HoconConfigurationSource(IEnumerable<HoconLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        Layers = layers.ToArray();
    }

    public IReadOnlyList<HoconLayer> Layers { get; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new HoconConfigurationProvider(this);
}
