using BatchInfer.Host.Workflows;

namespace BatchInfer.Tests.Host.Workflows;

/// <summary>The repository's workflows/batch-pipeline.yaml, and variants of it with one line changed.</summary>
internal static class ShippedDefinition
{
    public static string Path { get; } = System.IO.Path.Combine(TestPaths.RepositoryRoot, PipelineDefinitionLoader.ShippedRelativePath);

    public static string Text { get; } = File.ReadAllText(Path);

    /// <summary>The text with the first occurrence of <paramref name="from"/> replaced, and the 1-based line it is on.</summary>
    public static (string Yaml, int Line) With(string from, string to)
    {
        var at = Text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' is not in the shipped definition");
        var line = Text[..at].Count(c => c == '\n') + 1;
        return (string.Concat(Text.AsSpan(0, at), to, Text.AsSpan(at + from.Length)), line);
    }

    public static PipelineDefinitionException Rejects(string yaml) =>
        Assert.Throws<PipelineDefinitionException>(() => PipelineDefinitionLoader.Parse(yaml, "test.yaml"));
}
