namespace CallActors.Calls.Tests.ReadModel;

/// <summary>A fresh folder under the temp directory for one test's database files, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } =
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callactors-readmodel-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
