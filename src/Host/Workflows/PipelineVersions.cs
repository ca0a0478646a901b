using System.Globalization;
using System.Text.RegularExpressions;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;
using BatchInfer.Activities.Workflows;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Host.Workflows;

/// <summary>
/// The versions of the pipeline definition in a work directory. Version 1 is the definition the daemon started with
/// (the shipped file, or -workflow FILE); the designer saves each new one as workflows/batch-pipeline.vN.yaml in the work
/// directory, checked by the loader first (nothing is written when it finds a problem). The newest is the published one:
/// a daemon started in the directory runs it (docs/studio.md).
/// </summary>
internal sealed partial class PipelineVersions(string workDirectory, PipelineDefinition started) : IDisposable
{
    public const string Folder = "workflows";

    private readonly SemaphoreSlim _saving = new(1, 1);

    public string Directory { get; } = Path.Combine(Path.GetFullPath(workDirectory), Folder);

    /// <summary>The newest saved version in <paramref name="workDirectory"/>, if any: what a daemon started there runs.</summary>
    public static string? PublishedPath(string workDirectory) =>
        Saved(Path.Combine(Path.GetFullPath(workDirectory), Folder)).LastOrDefault().Path;

    /// <summary>Every version, oldest first.</summary>
    public IReadOnlyList<PipelineVersion> List()
    {
        var saved = Saved(Directory);
        var first = new PipelineVersion(1, started.Source, StartedText(), NoteOf(StartedText()), null, ReadOnly: true);
        // The daemon may have started on a saved version: it is then listed once, under its own number.
        return saved.Any(s => s.Path == started.Source)
            ? [.. saved.Select(s => Read(s.Number, s.Path))]
            : [first, .. saved.Select(s => Read(s.Number, s.Path))];
    }

    /// <summary>What the loader finds wrong with <paramref name="yaml"/>; none when a daemon could run it.</summary>
    public static IReadOnlyList<ConfigProblem> Check(string yaml)
    {
        try
        {
            PipelineDefinitionLoader.Parse(yaml, "the new version");
            return [];
        }
        catch (PipelineDefinitionException ex)
        {
            return ex.Problems;
        }
    }

    /// <summary>Saves <paramref name="yaml"/> as the next version once the loader accepts it; its problems, and nothing saved, otherwise.</summary>
    public async Task<(PipelineVersion? Saved, IReadOnlyList<ConfigProblem> Problems)> SaveAsync(string yaml, CancellationToken cancellationToken)
    {
        if (Check(yaml) is { Count: > 0 } problems)
        {
            return (null, problems);
        }
        await _saving.WaitAsync(cancellationToken);
        try
        {
            var number = List()[^1].Number + 1;
            var path = Path.Combine(Directory, FileName(number));
            await AtomicFile.WriteAsync(path, async stream =>
            {
                await using var writer = new StreamWriter(stream, leaveOpen: true);
                await writer.WriteAsync(yaml.AsMemory(), cancellationToken);
            }, cancellationToken);
            return (Read(number, path), []);
        }
        finally
        {
            _saving.Release();
        }
    }

    public void Dispose() => _saving.Dispose();

    private static string FileName(int number) => $"batch-pipeline.v{number.ToString(CultureInfo.InvariantCulture)}.yaml";

    private static List<(int Number, string Path)> Saved(string directory) =>
        !System.IO.Directory.Exists(directory) ? [] :
        [.. System.IO.Directory.EnumerateFiles(directory, "batch-pipeline.v*.yaml")
            .Select(path => (Match: VersionFile().Match(Path.GetFileName(path)), Path: path))
            .Where(f => f.Match.Success)
            .Select(f => (int.Parse(f.Match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), f.Path))
            .OrderBy(f => f.Item1)];

    private static PipelineVersion Read(int number, string path)
    {
        var text = File.ReadAllText(path);
        return new PipelineVersion(number, path, text, NoteOf(text), File.GetLastWriteTimeUtc(path), ReadOnly: false);
    }

    private string StartedText() => File.Exists(started.Source) ? File.ReadAllText(started.Source) : PipelineYaml.Write(started, new Dictionary<string, string>(), note: null);

    private static string? NoteOf(string yaml)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root
                && root.Children.TryGetValue(new YamlScalarNode(PipelineDefinitionLoader.NoteKey), out var note) && note is YamlScalarNode { Value: { } text }
                ? text
                : null;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^batch-pipeline\.v(\d{1,6})\.yaml$")]
    private static partial Regex VersionFile();
}

/// <param name="ReadOnly">the definition the daemon started with when it is not a saved version (the shipped file): shown, never rewritten</param>
public sealed record PipelineVersion(int Number, string Path, string Yaml, string? Note, DateTime? SavedAt, bool ReadOnly);
