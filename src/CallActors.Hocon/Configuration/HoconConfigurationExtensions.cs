using Microsoft.Extensions.Configuration;

namespace CallActors.Hocon.Configuration;

/// <summary>Adds HOCON sources to an <see cref="IConfigurationBuilder"/> and finds where a key was written.</summary>
public static class HoconConfigurationExtensions
{
    /// <summary>
    /// Adds one merged HOCON document made of <paramref name="layers"/> (later wins). Use this rather
    /// than several Add calls when a layer refers to another's settings with <c>${…}</c>: separately
    /// added sources resolve separately.
    /// </summary>
    public static IConfigurationBuilder AddHocon(this IConfigurationBuilder builder, params IEnumerable<HoconLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HoconConfigurationSource(layers));
    }

    public static IConfigurationBuilder AddHoconFile(this IConfigurationBuilder builder, string path, bool optional = false) =>
        builder.AddHocon(new HoconFileLayer(path, optional));

    public static IConfigurationBuilder AddHoconString(this IConfigurationBuilder builder, string text, string originName = "<string>") =>
        builder.AddHocon(new HoconTextLayer(text, originName));

    /// <summary>
    /// Where the value <paramref name="configuration"/> returns for <paramref name="key"/> was written,
    /// if it comes from HOCON: providers are asked latest first, as configuration itself does, so a
    /// key overridden by an environment variable has no HOCON origin.
    /// </summary>
    public static bool TryGetHoconOrigin(this IConfigurationRoot configuration, string key, out HoconOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (provider is HoconConfigurationProvider hocon && hocon.TryGetOrigin(key, out origin))
            {
                return true;
            }

            if (provider.TryGet(key, out _) || provider.GetChildKeys([], key).Any())
            {
                break;
            }
        }

        origin = default;
        return false;
    }
}
