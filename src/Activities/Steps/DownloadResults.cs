using BatchInfer.Activities.Runtime;
using BatchInfer.Activities.Scheduling;
using BatchInfer.Activities.State;
using WorkflowCore.Models;

namespace BatchInfer.Activities.Steps;

/// <summary>Downloads both the output and the error file of a terminal batch (expired and cancelled ones carry partial results).</summary>
/// <remarks>Collecting the chunk gives its batch slot back to the endpoint.</remarks>
public sealed class DownloadResults(StepServices services, FairScheduler scheduler) : ChunkStep(services)
{
    protected override async Task<ExecutionResult> RunChunkAsync(
        TaskRuntime runtime, ChunkEntity chunk, StateDbContext db, StepAttempt attempt, CancellationToken cancellationToken)
    {
        if (chunk.Phase >= ChunkPhase.Collected)
        {
            // A run again after the save: the release may not have happened yet (it is idempotent).
            scheduler.ReleaseBatch(runtime.EndpointKey, chunk.Tag);
            return ExecutionResult.Next();
        }

        var layout = runtime.Layout;
        await DownloadOnceAsync(runtime, chunk.OutputFileId, layout.ChunkOutput(chunk.Round, chunk.Chunk), cancellationToken);
        await DownloadOnceAsync(runtime, chunk.ErrorFileId, layout.ChunkErrors(chunk.Round, chunk.Chunk), cancellationToken);
        Services.Journal(db, chunk, JournalKinds.Downloaded, $"results of batch {chunk.BatchId} downloaded");
        await Services.SaveCollectedAsync(db, chunk, cancellationToken);
        scheduler.ReleaseBatch(runtime.EndpointKey, chunk.Tag);
        return ExecutionResult.Next();
    }

    // Downloads are written to a temporary name and renamed, so an existing file is a complete one.
    private static Task DownloadOnceAsync(TaskRuntime runtime, string? fileId, string path, CancellationToken cancellationToken) =>
        fileId is null || File.Exists(path)
            ? Task.CompletedTask
            : runtime.Api.DownloadFileAsync(fileId, path, cancellationToken);
}
