namespace CallActors.TestKit;

/// <summary>A fresh folder for one test under the system temp folder (<c>callactors-tests/&lt;guid&gt;</c>), deleted
/// afterwards; a file still held open by a process the test started leaves it behind rather than failing the test.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "callactors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> in the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
