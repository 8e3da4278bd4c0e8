namespace CallActors.Persistence.Serialization;

/// <summary>
/// Gives an event or snapshot type the stable name stored beside its payload, so the type can be
/// renamed or moved without breaking replay. Never change a manifest once events carry it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class PersistentManifestAttribute : Attribute
{
    public PersistentManifestAttribute(string manifest)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        Manifest = manifest;
    }

    public string Manifest { get; }
}
