namespace CallActors.Persistence.Serialization;

/// <summary>A stored manifest names no type the <see cref="EventSerializer"/> knows, so the payload cannot be read.</summary>
public sealed class UnknownManifestException : Exception
{
    public UnknownManifestException(string manifest)
        : base(
            $"No type is registered for manifest '{manifest}': mark the type [PersistentManifest(\"{manifest}\")] and " +
            $"register its assembly, or call EventSerializer.Register<T>(\"{manifest}\").")
    {
        Manifest = manifest;
    }

    public string Manifest { get; }
}
