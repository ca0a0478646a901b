using System.Text.RegularExpressions;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Host.Engine;

/// <summary>
/// The inputs a task can be started on from the Studio or over HTTP: the JSONL files at the top of the work directory and
/// in its <c>inputs/</c> folder, where uploads go. An upload is streamed to disk under a temporary name and renamed
/// when complete, never held in memory.
/// </summary>
internal sealed partial class TaskInputs(string workDirectory)
{
    public const string Folder = "inputs";

    public string UploadDirectory { get; } = Path.Combine(Path.GetFullPath(workDirectory), Folder);

    public IReadOnlyList<InputFileDto> List()
    {
        IEnumerable<FileInfo> In(string directory) =>
            Directory.Exists(directory) ? new DirectoryInfo(directory).EnumerateFiles("*.jsonl") : [];
        return [.. In(Path.GetFullPath(workDirectory)).Concat(In(UploadDirectory))
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Select(Describe)];
    }

    /// <summary>A file name for an upload, or why it is not one: a plain name of letters, digits, '.', '_', '-' ending in .jsonl.</summary>
    public static string? NameProblem(string name) =>
        UploadName().IsMatch(name) ? null : $"'{name}' is not an input file name: 1-128 of A-Z a-z 0-9 . _ - ending in .jsonl, no folders";

    /// <summary>Streams <paramref name="body"/> to inputs/<paramref name="name"/>; null, and nothing written, when that file exists and <paramref name="replace"/> is not set.</summary>
    public async Task<InputFileDto?> SaveAsync(string name, Stream body, bool replace, CancellationToken cancellationToken)
    {
        var path = Path.Combine(UploadDirectory, name);
        if (!replace && File.Exists(path))
        {
            return null;
        }
        await using (var file = AtomicFile.Begin(path))
        {
            await body.CopyToAsync(file.Stream, AtomicFile.BufferSize, cancellationToken);
            await file.CommitAsync(cancellationToken);
        }
        return Describe(new FileInfo(path));
    }

    private InputFileDto Describe(FileInfo file) =>
        new(file.FullName, Path.GetRelativePath(workDirectory, file.FullName), file.Length, file.LastWriteTimeUtc);

    [GeneratedRegex(@"^(?!\.)[A-Za-z0-9._-]{1,122}\.jsonl$")]
    private static partial Regex UploadName();
}

/// <summary>An input file the Studio or an API client can start a task on.</summary>
public sealed record InputFileDto(string Path, string Name, long Bytes, DateTime ModifiedAt);
