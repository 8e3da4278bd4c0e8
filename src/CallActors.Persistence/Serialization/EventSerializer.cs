using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallActors.Persistence.Serialization;

/// <summary>
/// Turns events and snapshots into JSON (System.Text.Json, camelCase, enums as camelCase strings)
/// with a stable manifest per type: the <see cref="PersistentManifestAttribute"/>, an explicit
/// <see cref="Register{T}"/>, or else the type's full name — renaming or moving such a type breaks
/// the replay of events already stored, so give every persisted type a manifest.
/// </summary>
/// <remarks>Thread-safe; register types at startup.</remarks>
public sealed class EventSerializer
{
    private readonly ConcurrentDictionary<Type, string> _manifestsByType = new();
    private readonly ConcurrentDictionary<string, Type> _typesByManifest = new(StringComparer.Ordinal);
    private readonly Lock _registration = new();
    private readonly JsonSerializerOptions _json;

    /// <param name="options">JSON settings; <see cref="CreateDefaultJsonOptions"/> when null.</param>
    public EventSerializer(JsonSerializerOptions? options = null)
    {
        _json = options ?? CreateDefaultJsonOptions();
    }

    /// <summary>camelCase properties and enum values as camelCase strings, so reordering an enum is safe.</summary>
    public static JsonSerializerOptions CreateDefaultJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Stores <typeparamref name="T"/> under <paramref name="manifest"/>.</summary>
    public EventSerializer Register<T>(string manifest) => Register(typeof(T), manifest);

    /// <summary>Stores <paramref name="type"/> under <paramref name="manifest"/>; one manifest per type and one type per manifest.</summary>
    public EventSerializer Register(Type type, string manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        lock (_registration)
        {
            if (_typesByManifest.TryGetValue(manifest, out var existingType) && existingType != type)
            {
                throw new ArgumentException(
                    $"Manifest '{manifest}' is already used by {existingType.FullName}; cannot also use it for {type.FullName}.",
                    nameof(manifest));
            }

            if (_manifestsByType.TryGetValue(type, out var existingManifest) && existingManifest != manifest)
            {
                throw new ArgumentException(
                    $"{type.FullName} is already stored as '{existingManifest}'; cannot also store it as '{manifest}'.",
                    nameof(manifest));
            }

            _typesByManifest[manifest] = type;
            _manifestsByType[type] = manifest;
        }

        return this;
    }

    /// <summary>Registers every type carrying <see cref="PersistentManifestAttribute"/> in the assemblies.</summary>
    public EventSerializer RegisterAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        foreach (var assembly in assemblies)
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type.GetCustomAttribute<PersistentManifestAttribute>() is { } attribute)
                {
                    Register(type, attribute.Manifest);
                }
            }
        }

        return this;
    }

    /// <summary>The manifest <paramref name="type"/> is stored under.</summary>
    public string GetManifest(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (_manifestsByType.TryGetValue(type, out var manifest))
        {
            return manifest;
        }

        manifest = type.GetCustomAttribute<PersistentManifestAttribute>()?.Manifest
            ?? type.FullName
            ?? throw new ArgumentException($"{type} has no full name; register it with a manifest.", nameof(type));
        Register(type, manifest);
        return manifest;
    }

    public (string Manifest, byte[] Payload) Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        return (GetManifest(type), JsonSerializer.SerializeToUtf8Bytes(value, type, _json));
    }

    /// <exception cref="UnknownManifestException">No type is known for <paramref name="manifest"/>.</exception>
    /// <exception cref="JsonException">The payload does not fit the type.</exception>
    public object Deserialize(string manifest, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var type = Resolve(manifest);
        try
        {
            return JsonSerializer.Deserialize(payload, type, _json)
                ?? throw new JsonException($"The payload of manifest '{manifest}' is JSON null.");
        }
        catch (JsonException e) when (!e.Message.Contains(manifest, StringComparison.Ordinal))
        {
            throw new JsonException($"The payload of manifest '{manifest}' does not fit {type.FullName}: {e.Message}", e);
        }
    }

    private Type Resolve(string manifest)
    {
        if (_typesByManifest.TryGetValue(manifest, out var type))
        {
            return type;
        }

        // A type without a manifest is stored under its full name; after a restart it may not have
        // been serialized yet, so look for it among the loaded assemblies.
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            var candidate = assembly.GetType(manifest, throwOnError: false);
            if (candidate is not null && GetManifest(candidate) == manifest)
            {
                return candidate;
            }
        }

        throw new UnknownManifestException(manifest);
    }
}
