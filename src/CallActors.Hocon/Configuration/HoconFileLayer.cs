namespace CallActors.Hocon.Configuration;

/// <summary>
/// A HOCON file. A relative path is taken as is (relative to the working directory) and is
/// also the name errors use. A missing optional file contributes nothing.
/// </summary>
public sealed record HoconFileLayer(string FilePath, bool Optional = false) : HoconLayer
{
    internal override HoconDocument Load() =>
        Optional && !File.Exists(FilePath) ? HoconDocument.Empty : HoconDocument.ParseFile(FilePath);
}
