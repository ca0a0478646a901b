using System.Globalization;
using System.Text;
using BatchInfer.Activities.Workflows;

namespace BatchInfer.Host.Workflows;

/// <summary>
/// Writes a pipeline definition as the YAML the loader reads (what the Studio's designer saves). Parameter values are
/// given as the text the user typed and written quoted, so that whatever was typed stays one value and the loader
/// judges it as it judges a hand-written file; so are an optional step's parameters (<c>- notify: {url: '…', retries: '5'}</c>).
/// </summary>
internal static class PipelineYaml
{
    public static string Write(PipelineDefinition definition, IReadOnlyDictionary<string, string> parameters, string? note)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# A version of the batch pipeline saved by BatchInfer Studio's designer (docs/studio.md).");
        yaml.AppendLine("version: 1");
        if (!string.IsNullOrWhiteSpace(note))
        {
            yaml.Append(PipelineDefinitionLoader.NoteKey).Append(": ").AppendLine(Quote(note.ReplaceLineEndings(" ")));
        }
        WriteWorkflow(yaml, "task_workflow", definition.TaskWorkflow.Steps);
        WriteWorkflow(yaml, "chunk_workflow", definition.ChunkWorkflow.Steps);
        yaml.AppendLine("parameters:");
        string? section = null;
        foreach (var spec in ParameterReader.Specs)
        {
            var dot = spec.Key.IndexOf('.', StringComparison.Ordinal);
            var group = dot < 0 ? null : spec.Key[..dot];
            if (group is not null && group != section)
            {
                yaml.Append("  ").Append(group).AppendLine(":");
            }
            section = group;
            var value = parameters.TryGetValue(spec.Key, out var text) ? text : Format(spec.Get(definition.Parameters));
            yaml.Append(group is null ? "  " : "    ").Append(dot < 0 ? spec.Key : spec.Key[(dot + 1)..]).Append(": ").AppendLine(Quote(value));
        }
        return yaml.ToString();
    }

    /// <summary>A parameter's value as the designer shows it.</summary>
    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static void WriteWorkflow(StringBuilder yaml, string key, IReadOnlyList<PipelineStep> steps)
    {
        yaml.Append(key).AppendLine(":").AppendLine("  steps:");
        WriteSteps(yaml, steps, "    ");
    }

    private static void WriteSteps(StringBuilder yaml, IReadOnlyList<PipelineStep> steps, string indent)
    {
        foreach (var step in steps)
        {
            if (step.Steps is { } inner)
            {
                yaml.Append(indent).Append("- ").Append(step.Name).AppendLine(":");
                WriteSteps(yaml, inner, indent + "    ");
            }
            else if (step.Parameters is { Count: > 0 } parameters)
            {
                var values = string.Join(", ", parameters.Select(p => $"{p.Key}: {Quote(p.Value)}"));
                yaml.Append(indent).Append("- ").Append(step.Name).Append(": {").Append(values).AppendLine("}");
            }
            else
            {
                yaml.Append(indent).Append("- ").AppendLine(step.Name);
            }
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
