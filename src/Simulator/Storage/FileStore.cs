using System.Collections.Concurrent;

namespace BatchInfer.Simulator.Storage;

internal sealed class FileStore(string directory, SimulatorRandom random, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, StoredFile> _files = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    /// <summary>A fresh path in storage for bytes that may or may not become a file.</summary>
    public string NewPath() => Path.Combine(Directory, Guid.NewGuid().ToString("N"));

    public StoredFile Add(string path, string fileName, string purpose, InputFacts? facts)
    {
        var file = new StoredFile(random.Id("file-"), fileName, purpose, new FileInfo(path).Length, time.GetUtcNow().ToUnixTimeSeconds(), path, facts);
        _files[file.Id] = file;
        return file;
    }

    public StoredFile? Get(string id) => _files.GetValueOrDefault(id);
}
