using BatchInfer.Activities.Workflows;
using BatchInfer.Host.Api;
using BatchInfer.Host.Engine;

namespace BatchInfer.Host.Studio;

/// <summary>The step rail of a task: the definition's steps flattened (a round is the chunk workflow's steps), and where the task is.</summary>
internal static class PipelineRail
{
    public static IReadOnlyList<(string Name, string Label)> Steps(PipelineDefinition definition) =>
        [.. Flatten(definition.TaskWorkflow.Steps, definition.ChunkWorkflow.Steps).Select(name => (name, Label(name)))];

    /// <summary>The index of the step the task is at: split, the chunk step where most of the round's unfinished chunks are, retry, merge; past the end when finished.</summary>
    public static int Current(IReadOnlyList<(string Name, string Label)> steps, TaskSummaryDto summary, IReadOnlyList<ChunkDto> round)
    {
        int IndexOf(string name) => Math.Max(0, steps.ToList().FindIndex(s => s.Name == name));
        if (TaskStatusNames.IsFinal(summary.Status))
        {
            return steps.Count;
        }
        switch (summary.Status)
        {
            case TaskStatusNames.Splitting:
                return IndexOf(PipelineSteps.SplitInput);
            case TaskStatusNames.AwaitingApproval:
                return IndexOf(PipelineSteps.Approve);
            case TaskStatusNames.Merging:
                return IndexOf(PipelineSteps.MergeResults);
        }
        var unfinished = round.Where(c => c.Phase != "collected").ToList();
        if (unfinished.Count == 0)
        {
            return round.Count == 0 ? IndexOf(PipelineSteps.SplitInput) : IndexOf(PipelineSteps.RetryFailed);
        }
        // The earliest phase any chunk is still in: the round cannot be further than its slowest chunk.
        var earliest = unfinished.Min(c => PhaseOrder(c.Phase));
        return IndexOf(earliest switch
        {
            0 => PipelineSteps.UploadChunk,
            1 or 2 => PipelineSteps.SubmitBatch,
            3 => PipelineSteps.PollBatch,
            _ => PipelineSteps.DownloadResults,
        });
    }

    private static int PhaseOrder(string phase) => phase switch
    {
        "pending" => 0,
        "uploaded" => 1,
        "submitting" => 2,
        "submitted" => 3,
        _ => 4,
    };

    private static IEnumerable<string> Flatten(IEnumerable<PipelineStep> steps, IReadOnlyList<PipelineStep> chunkSteps)
    {
        foreach (var step in steps)
        {
            if (step.Name == PipelineSteps.RunRound)
            {
                foreach (var chunkStep in chunkSteps)
                {
                    yield return chunkStep.Name;
                }
            }
            else if (step.Steps is { } inner)
            {
                foreach (var name in Flatten(inner, chunkSteps))
                {
                    yield return name;
                }
            }
            else
            {
                yield return step.Name;
            }
        }
    }

    private static string Label(string name) => DesignerSteps.Of(name).Label;
}
