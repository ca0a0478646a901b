using System.Text.Json;
using BatchInfer.Simulator.Storage;

namespace BatchInfer.Simulator.Processing;

internal sealed partial class BatchProcessor
{
    private async Task AnswerAsync(BatchRecord batch, JsonElement request, string customId, Random dice, ResultWriter output, ResultWriter errors)
    {
        // CA5394: record outcomes must follow the seed, not be secure.
#pragma warning disable CA5394
        var roll = dice.NextDouble();
#pragma warning restore CA5394
        if (roll < options.PermanentErrorRate)
        {
            _responder.InvalidRequest(errors.BeginLine(), customId);
            await errors.EndLineAsync();
            batch.CountFailed();
        }
        else if (roll < options.PermanentErrorRate + options.RequestErrorRate)
        {
            _responder.ServerError(errors.BeginLine(), customId);
            await errors.EndLineAsync();
            batch.CountFailed();
        }
        else
        {
            _responder.Success(output.BeginLine(), customId, request.GetProperty("body"));
            await output.EndLineAsync();
            batch.CountCompleted();
        }
        stats.RecordProcessed(batch.Task, batch.Round, customId);
    }

    /// <summary>Cancelling keeps what was done: partial output and error files.</summary>
    private async Task EndCancelledAsync(BatchRecord batch, ResultWriter? output, ResultWriter? errors)
    {
        batch.TryBeginCancel(Now());
        await PauseAsync(options.FinalizingDuration, _stopping.Token);
        _stopping.Token.ThrowIfCancellationRequested();
        if (output is not null && errors is not null)
        {
            await PublishAsync(batch, output, errors);
        }
        End(batch, BatchStatuses.Cancelled);
    }

    private async Task PublishAsync(BatchRecord batch, ResultWriter output, ResultWriter errors)
    {
        var outputId = await output.CompleteAsync() ? files.Add(output.Path, $"{batch.Id}_output.jsonl", StoredFile.BatchOutputPurpose, null).Id : null;
        var errorId = await errors.CompleteAsync() ? files.Add(errors.Path, $"{batch.Id}_error.jsonl", StoredFile.BatchOutputPurpose, null).Id : null;
        batch.SetFiles(outputId, errorId);
    }

    private void End(BatchRecord batch, string status)
    {
        batch.MoveTo(status, Now());
        stats.BatchEnded(status);
    }

    /// <summary>Waits; false if the wait was cut short by a cancel (or shutdown).</summary>
    private async Task<bool> PauseAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        if (duration <= TimeSpan.Zero)
        {
            return true;
        }
        try
        {
            await Task.Delay(duration, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeSeconds();
}
