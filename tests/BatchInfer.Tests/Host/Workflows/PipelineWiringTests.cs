using BatchInfer.Activities;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.Steps;
using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Workflows;

public sealed class PipelineWiringTests : IDisposable
{
    private readonly string _directory = TestPaths.NewWorkDirectory();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string WriteDefinition(params (string From, string To)[] changes)
    {
        var path = Path.Combine(_directory, "pipeline.yaml");
        File.WriteAllText(path, changes.Aggregate(ShippedDefinition.Text, (text, c) => text.Replace(c.From, c.To, StringComparison.Ordinal)));
        return path;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AddPipelineDefinition_BeforeOrAfterActivities_ParametersReachSchedulerAndSteps(bool definitionFirst)
    {
        var path = WriteDefinition(
            ("uploads_in_flight_per_endpoint: 4", "uploads_in_flight_per_endpoint: 2"),
            ("batches_in_flight_per_endpoint: 100", "batches_in_flight_per_endpoint: 9"),
            ("round_check_interval_seconds: 30", "round_check_interval_seconds: 7"));
        var services = new ServiceCollection().AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance).AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (definitionFirst)
        {
            services.AddPipelineDefinition(path);
        }
        services.AddBatchInferActivities(Path.Combine(_directory, "state.db"));
        if (!definitionFirst)
        {
            services.AddPipelineDefinition(path);
        }
        using var provider = services.BuildServiceProvider();

        var scheduler = provider.GetRequiredService<FairScheduler>();
        var steps = provider.GetRequiredService<StepServices>();

        Assert.Equal((2, 9), (scheduler.Options.UploadsPerEndpoint, scheduler.Options.BatchesPerEndpoint));
        Assert.Equal(TimeSpan.FromSeconds(7), steps.Parameters.RoundCheckInterval);
        Assert.Equal(Path.GetFullPath(path), provider.GetRequiredService<PipelineDefinition>().Source);
    }

    [Fact]
    public void AddPipelineDefinition_BadFile_FailsAtRegistration()
    {
        var path = WriteDefinition(("- merge-results", "- merge-result"));

        var error = Assert.Throws<PipelineDefinitionException>(() => new ServiceCollection().AddPipelineDefinition(path));

        Assert.Contains("unknown step 'merge-result'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UsePipelineParameters_SetsEnginePollIntervalAndConcurrency()
    {
        var parameters = new PipelineParameters { EnginePollIntervalSeconds = 3, MaxConcurrentWorkflows = 11 };
        var options = new WorkflowOptions(new ServiceCollection());

        options.UsePipelineParameters(parameters);

        Assert.Equal((TimeSpan.FromSeconds(3), 11), (Internal<TimeSpan>(options, "PollInterval"), Internal<int>(options, "MaxConcurrentWorkflows")));
    }

    // WorkflowCore keeps these getters internal; the engine reads them, the test has no other way to.
    private static T Internal<T>(WorkflowOptions options, string name)
    {
        const System.Reflection.BindingFlags Any = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;
        var type = typeof(WorkflowOptions);
        return (T)(type.GetProperty(name, Any)?.GetValue(options) ?? type.GetField(name, Any)!.GetValue(options))!;
    }

    [Fact]
    public void RegisterPipelineWorkflows_ShippedFile_StepsInTheFilesOrder()
    {
        var definition = PipelineDefinitionLoader.Load(ShippedDefinition.Path);

        var (task, chunk) = Register(definition);

        Assert.Equal(["SplitInput", "While", "RunRound", "RetryFailed", "MergeResults"], task);
        Assert.Equal(["UploadChunk", "SubmitBatch", "PollBatch", "DownloadResults"], chunk);
    }

    [Fact]
    public void RegisterPipelineWorkflows_DefinitionInAnotherOrder_BuiltInThatOrder()
    {
        // The loader refuses another order; this shows the builder follows the data rather than a fixed chain.
        var builtIn = PipelineDefinition.Default;
        var reversed = builtIn with { ChunkWorkflow = builtIn.ChunkWorkflow with { Steps = [.. builtIn.ChunkWorkflow.Steps.Reverse()] } };

        var (_, chunk) = Register(reversed);

        Assert.Equal(["DownloadResults", "PollBatch", "SubmitBatch", "UploadChunk"], chunk);
    }

    private static (List<string> Task, List<string> Chunk) Register(PipelineDefinition definition)
    {
        using var provider = new ServiceCollection().AddLogging().AddWorkflow().BuildServiceProvider();
        var registry = provider.GetRequiredService<IWorkflowRegistry>();

        registry.RegisterPipelineWorkflows(definition, 1);

        return (StepTypes(registry.GetDefinition(TaskWorkflow.DefinitionId)), StepTypes(registry.GetDefinition(ChunkWorkflow.DefinitionId)));
    }

    // Ids follow the order the builder added the steps; the loop's body comes right after the loop.
    private static List<string> StepTypes(WorkflowDefinition definition) =>
        [.. definition.Steps.OrderBy(s => s.Id).Select(s => s.BodyType.Name)];
}
