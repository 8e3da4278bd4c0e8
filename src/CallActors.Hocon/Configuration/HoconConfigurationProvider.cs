using Microsoft.Extensions.Configuration;

namespace CallActors.Hocon.Configuration;

/// <summary>
/// Flattens a resolved HOCON document into configuration keys (<c>sip.port</c> → <c>sip:port</c>,
/// array elements → <c>key:0</c>, <c>key:1</c>) and remembers where each key was written.
/// </summary>
public sealed class HoconConfigurationProvider : ConfigurationProvider
{
    private readonly HoconConfigurationSource _source;
    private Dictionary<string, HoconOrigin> _origins = new(StringComparer.OrdinalIgnoreCase);

    public HoconConfigurationProvider(HoconConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <exception cref="HoconException">A layer is not valid HOCON or a substitution cannot be resolved.</exception>
    public override void Load()
    {
        var document = _source.Layers.Aggregate(HoconDocument.Empty, (merged, layer) => layer.Load().WithFallback(merged));
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var origins = new Dictionary<string, HoconOrigin>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in document.Resolve().Fields)
        {
            Flatten(key, value, data, origins);
        }

        Data = data;
        _origins = origins;
    }

    /// <summary>Where the value (or object or array) for a configuration key was written, e.g. to name it in a validation error.</summary>
    public bool TryGetOrigin(string key, out HoconOrigin origin) => _origins.TryGetValue(key, out origin);

    private static void Flatten(string key, HoconValue value, Dictionary<string, string?> data, Dictionary<string, HoconOrigin> origins)
    {
        origins[key] = value.Origin;
        switch (value)
        {
            case HoconScalar scalar:
                data[key] = scalar.Value;
                break;

            // Like the JSON provider: an empty object or array is a key with a null value, so it still exists.
            case HoconObject { Fields.Count: 0 } or HoconArray { Items.Count: 0 }:
                data[key] = null;
                break;
            case HoconObject obj:
                foreach (var (field, child) in obj.Fields)
                {
                    Flatten(ConfigurationPath.Combine(key, field), child, data, origins);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Flatten(ConfigurationPath.Combine(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), array.Items[i], data, origins);
                }

                break;
        }
    }
}
