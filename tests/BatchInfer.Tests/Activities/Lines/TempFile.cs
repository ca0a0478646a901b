namespace BatchInfer.Tests.Activities.Lines;

/// <summary>A file in a fresh temporary directory, deleted with it.</summary>
internal sealed class TempFile : IDisposable
{
    private readonly string _directory = TestPaths.NewWorkDirectory();

    public TempFile(byte[]? content = null)
    {
        Path = System.IO.Path.Combine(_directory, "file");
        if (content is not null)
        {
            File.WriteAllBytes(Path, content);
        }
    }

    public string Path { get; }

    public string Sibling(string name) => System.IO.Path.Combine(_directory, name);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
