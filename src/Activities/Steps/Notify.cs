using System.Net.Http.Json;
using BatchInfer.Activities.State;
using BatchInfer.Activities.Tasks;
using Polly;
using Polly.Retry;

namespace BatchInfer.Activities.Steps;

/// <summary>
/// The optional notify step: POSTs the finished task's summary (<see cref="TaskNotification"/>: counts, outcome, timings,
/// the merged folder; no credential) to the definition's URL, trying again <see cref="Retries"/> times with doubling backoff.
/// </summary>
public sealed class Notify(StepServices services, IHttpClientFactory httpClients) : AfterMergeStep(services, JournalKinds.Notify)
{
    public const string HttpClientName = "BatchInfer.Notify";

    /// <summary>The first wait before another attempt; each one after doubles it.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

    public string? Url { get; set; }

    public int Retries { get; set; }

    protected override async Task<string> RunOnceAsync(StateDbContext db, TaskEntity task, TaskLayout layout, CancellationToken cancellationToken)
    {
        var url = new Uri(Url ?? throw new InvalidOperationException("notify step without url"));
        // The journal names where the summary went, never a user:password or a query that may carry a token.
        var where = $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
        var body = new TaskNotification("task_finished", layout.MergedDirectory, await TaskSummary.OfAsync(db, task, cancellationToken));
        var attempts = 0;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Retries,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstBackoff,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>().Handle<HttpRequestException>().Handle<TimeoutException>()
                    .HandleResult(r => !r.IsSuccessStatusCode),
            })
            .AddTimeout(AttemptTimeout)
            .Build();
        var client = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = await pipeline.ExecuteAsync(async token =>
            {
                attempts++;
                return await client.PostAsJsonAsync(url, body, TaskSummary.JsonOptions, token);
            }, cancellationToken);
            return response.IsSuccessStatusCode
                ? $"summary POSTed to {where}: HTTP {(int)response.StatusCode} (attempt {attempts})"
                : $"notify failed: {where} answered HTTP {(int)response.StatusCode} to all {attempts} attempts; the task's outcome stands";
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return $"notify failed: {where} could not be reached in {attempts} attempts ({ex.Message}); the task's outcome stands";
        }
    }
}

/// <summary>The JSON body a notify step POSTs: the task's summary.json and where its results are.</summary>
public sealed record TaskNotification(string Event, string MergedFolder, TaskSummary Summary);
