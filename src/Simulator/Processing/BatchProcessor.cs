using System.Text.Json;
using BatchInfer.Simulator.Storage;

namespace BatchInfer.Simulator.Processing;

/// <summary>
/// Runs each batch through validating → in_progress → finalizing → completed, or to failed / expired /
/// cancelling → cancelled, streaming the input file into output and error files.
/// </summary>
internal sealed partial class BatchProcessor(
    SimulatorOptions options,
    SimulatorProfile profile,
    FileStore files,
    BatchStore batches,
    SimulatorStats stats,
    SimulatorRandom random,
    TimeProvider time) : IAsyncDisposable
{
    // Records are processed in up to this many steps, with an equal pause after each.
    private const int PacingSteps = 20;

    private readonly CancellationTokenSource _stopping = new();
    private readonly RecordResponder _responder = new(profile, random);
    private readonly Lock _lock = new();
    private readonly List<Task> _running = [];
    private int _created;
    private int _disposed;

    public BatchRecord Create(StoredFile input, string endpoint, string completionWindow, IReadOnlyDictionary<string, string>? metadata)
    {
        var sequence = Interlocked.Increment(ref _created);
        var fate = sequence <= options.FailBatches ? BatchFate.Fail
            : sequence <= options.FailBatches + options.ExpireBatches ? BatchFate.Expire
            : BatchFate.Normal;
        var batch = new BatchRecord
        {
            Id = random.Id("batch_"),
            InputFile = input,
            Endpoint = endpoint,
            CompletionWindow = completionWindow,
            Metadata = metadata,
            CreatedAt = Now(),
            Fate = fate,
        };
        batch.SetTotal(input.Facts?.Requests ?? 0);
        batches.Add(batch);
        stats.BatchCreated(batch.TagKey);
        var dice = random.Fork();
        lock (_lock)
        {
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(Task.Run(() => RunAsync(batch, dice)));
        }
        return batch;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        Task[] running;
        lock (_lock)
        {
            running = [.. _running];
        }
        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task RunAsync(BatchRecord batch, Random dice)
    {
        try
        {
            using var cancelOrStop = CancellationTokenSource.CreateLinkedTokenSource(batch.CancelRequested.Token, _stopping.Token);
            if (!await PauseAsync(options.ValidatingDuration, cancelOrStop.Token))
            {
                await EndCancelledAsync(batch, output: null, errors: null);
                return;
            }
            if (batch.Fate == BatchFate.Fail)
            {
                batch.SetError("simulated_failure", "The batch failed during validation (simulated by FailBatches).");
                End(batch, BatchStatuses.Failed);
                return;
            }
            batch.MoveTo(BatchStatuses.InProgress, Now());
            await ProcessAsync(batch, dice, cancelOrStop.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The server is shutting down; the batch stays as it was.
        }
#pragma warning disable CA1031 // A worker that dies must not leave its batch in_progress for ever: it fails, saying why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            batch.SetError("simulator_error", $"The simulator failed while processing: {e.Message}");
            End(batch, BatchStatuses.Failed);
        }
    }

    private async Task ProcessAsync(BatchRecord batch, Random dice, CancellationToken cancelOrStop)
    {
        await using var output = new ResultWriter(files.NewPath(), options.ShuffleOutput ? dice : null);
        await using var errors = new ResultWriter(files.NewPath(), options.ShuffleOutput ? dice : null);
        var total = batch.InputFile.Facts?.Requests ?? 0;
        var stopAt = batch.Fate == BatchFate.Expire ? total / 2 : total;
        var perStep = Math.Max(1, (int)Math.Ceiling(total / (double)PacingSteps));
        var pause = options.InProgressDuration / Math.Max(1, Math.Ceiling(total / (double)perStep));
        var done = 0;
        var cancelled = false;
        using var input = LineFile.OpenText(batch.InputFile.Path);
        while (await input.ReadLineAsync(_stopping.Token) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (cancelOrStop.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            using var request = JsonDocument.Parse(line);
            var customId = request.RootElement.GetProperty("custom_id").GetString()!;
            if (done >= stopAt)
            {
                // Expiry: what was not reached is reported as such, as OpenAI does.
                _responder.Expired(errors.BeginLine(), customId);
                await errors.EndLineAsync();
                batch.CountFailed();
                continue;
            }
            await AnswerAsync(batch, request.RootElement, customId, dice, output, errors);
            done++;
            if (done % perStep == 0 && done < stopAt && !await PauseAsync(pause, cancelOrStop))
            {
                cancelled = true;
                break;
            }
        }
        if (cancelled || batch.CancelRequested.IsCancellationRequested)
        {
            await EndCancelledAsync(batch, output, errors);
            return;
        }
        if (batch.Fate == BatchFate.Expire)
        {
            await PublishAsync(batch, output, errors);
            End(batch, BatchStatuses.Expired);
            return;
        }
        batch.MoveTo(BatchStatuses.Finalizing, Now());
        await PauseAsync(options.FinalizingDuration, _stopping.Token);
        _stopping.Token.ThrowIfCancellationRequested();
        await PublishAsync(batch, output, errors);
        End(batch, batch.CancelRequested.IsCancellationRequested ? BatchStatuses.Cancelled : BatchStatuses.Completed);
    }
}
