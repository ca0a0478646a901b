using BatchInfer.Activities.Workflows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Host.Workflows;

/// <summary>Reads and validates a pipeline definition file (workflows/batch-pipeline.yaml); any problem is a start-up error.</summary>
internal static class PipelineDefinitionLoader
{
    public const string ShippedRelativePath = "workflows/batch-pipeline.yaml";

    private const string Version = "version";
    /// <summary>Free text about this version of the definition (why it was saved); the Studio's designer writes it.</summary>
    public const string NoteKey = "note";
    private const string TaskWorkflowKey = "task_workflow";
    private const string ChunkWorkflowKey = "chunk_workflow";
    private const string ParametersKey = "parameters";
    private const string StepsKey = "steps";

    private static readonly string[] TopLevelKeys = [Version, NoteKey, TaskWorkflowKey, ChunkWorkflowKey, ParametersKey];

    /// <summary><paramref name="path"/>, or when null the file shipped next to the executable, or when that is absent the built-in definition.</summary>
    public static PipelineDefinition Resolve(string? path)
    {
        if (path is not null)
        {
            return Load(path);
        }
        var shipped = Path.Combine(AppContext.BaseDirectory, ShippedRelativePath);
        return File.Exists(shipped) ? Load(shipped) : PipelineDefinition.Default;
    }

    public static PipelineDefinition Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PipelineProblems(path).Fatal("", null, $"cannot read the workflow definition: {ex.Message}");
        }
        return Parse(text, Path.GetFullPath(path));
    }

    public static PipelineDefinition Parse(string yaml, string source)
    {
        var problems = new PipelineProblems(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw problems.Fatal("", ex.Start, $"not valid YAML: {ex.Message}");
        }
        if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root)
        {
            throw problems.Fatal("", null, $"expected a mapping with the keys {string.Join(", ", TopLevelKeys)}");
        }

        var defaults = PipelineDefinition.Default;
        WorkflowDefinitionSteps? task = null, chunk = null;
        var parameters = defaults.Parameters;
        foreach (var (keyNode, value) in root.Children)
        {
            switch ((keyNode as YamlScalarNode)?.Value)
            {
                case Version:
                    CheckVersion(value, problems);
                    break;
                case NoteKey:
                    if (value is not YamlScalarNode)
                    {
                        problems.Add(NoteKey, value.Start, "expected text: a note about this version of the definition");
                    }
                    break;
                case TaskWorkflowKey:
                    task = ReadWorkflow(TaskWorkflowKey, value, defaults.TaskWorkflow, problems);
                    break;
                case ChunkWorkflowKey:
                    chunk = ReadWorkflow(ChunkWorkflowKey, value, defaults.ChunkWorkflow, problems);
                    break;
                case ParametersKey:
                    parameters = ParameterReader.Read(value, problems);
                    break;
                default:
                    problems.Add(keyNode.ToString(), keyNode.Start, $"unknown key; expected {string.Join(", ", TopLevelKeys)}");
                    break;
            }
        }
        foreach (var missing in new[] { (TaskWorkflowKey, task), (ChunkWorkflowKey, chunk) }.Where(w => w.Item2 is null))
        {
            problems.Add(missing.Item1, root.Start, "is missing: the definition must list this workflow's steps");
        }
        problems.ThrowIfAny();
        return new PipelineDefinition(source, task!, chunk!, parameters);
    }

    private static void CheckVersion(YamlNode node, PipelineProblems problems)
    {
        if ((node as YamlScalarNode)?.Value != "1")
        {
            problems.Add(Version, node.Start, "this batch_infer reads definition version 1");
        }
    }

    private static WorkflowDefinitionSteps ReadWorkflow(string key, YamlNode node, WorkflowDefinitionSteps expected, PipelineProblems problems)
    {
        if (node is not YamlMappingNode mapping || mapping.Children.Count != 1
            || !mapping.Children.TryGetValue(new YamlScalarNode(StepsKey), out var stepsNode))
        {
            problems.Add(key, node.Start, $"expected a mapping with one key, {StepsKey}: the list of the workflow's steps");
            return expected;
        }
        var steps = ReadSteps($"{key}.{StepsKey}", stepsNode, problems);
        StepOrder.Check($"{key}.{StepsKey}", stepsNode.Start, steps, expected.Steps, expected.Id, problems);
        return expected with { Steps = steps.Select(s => s.ToStep()).ToList() };
    }

    private static List<ParsedStep> ReadSteps(string key, YamlNode node, PipelineProblems problems)
    {
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(key, node.Start, "expected a list of steps");
            return [];
        }
        var steps = new List<ParsedStep>();
        foreach (var (item, i) in sequence.Children.Select((item, i) => (item, i)))
        {
            var itemKey = $"{key}[{i}]";
            switch (item)
            {
                case YamlScalarNode { Value: { Length: > 0 } name }:
                    steps.Add(new ParsedStep(name, item.Start, Parameters: ReadParameters(name, $"{itemKey}.{name}", item.Start, null, problems)));
                    break;
                case YamlMappingNode { Children.Count: 1 } loop when loop.Children.Keys.Single() is YamlScalarNode { Value: PipelineSteps.Loop }:
                    var loopKey = $"{itemKey}.{PipelineSteps.Loop}";
                    steps.Add(new ParsedStep(PipelineSteps.Loop, item.Start, ReadSteps(loopKey, loop.Children.Values.Single(), problems)));
                    break;
                case YamlMappingNode { Children.Count: 1 } step when step.Children.Keys.Single() is YamlScalarNode { Value: { Length: > 0 } name }:
                    var parameters = ReadParameters(name, $"{itemKey}.{name}", item.Start, step.Children.Values.Single(), problems);
                    steps.Add(new ParsedStep(name, item.Start, Parameters: parameters));
                    break;
                default:
                    problems.Add(itemKey, item.Start,
                        $"expected a step name, a step with its parameters ('- notify: {{url: …}}'), or '{PipelineSteps.Loop}:' with the list of steps it repeats");
                    break;
            }
        }
        return steps;
    }

    /// <summary>An optional step's parameters, checked; null for a fixed step, which takes none (an unknown name is StepOrder's to report).</summary>
    private static Dictionary<string, string>? ReadParameters(string name, string key, Mark at, YamlNode? node, PipelineProblems problems)
    {
        if (OptionalSteps.Find(name) is { } optional)
        {
            return StepParameterReader.Read(optional, key, at, node, problems);
        }
        if (node is not null && FixedStepNames.Contains(name))
        {
            problems.Add(key, node.Start, $"step '{name}' takes no parameters; write it as '- {name}'");
        }
        return null;
    }

    private static readonly HashSet<string> FixedStepNames =
    [
        .. new[] { PipelineDefinition.Default.TaskWorkflow, PipelineDefinition.Default.ChunkWorkflow }
            .SelectMany(w => w.Steps).SelectMany(s => s.Steps is { } inner ? inner.Append(s) : [s]).Select(s => s.Name),
    ];
}
