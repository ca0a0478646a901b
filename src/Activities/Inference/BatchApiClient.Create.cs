using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchInfer.Activities.Inference;

internal sealed partial class BatchApiClient
{
    private static readonly TimeSpan ReconcileMargin = TimeSpan.FromHours(1);

    /// <summary>
    /// Creates a batch at most once per tag and input file. A POST whose outcome is unknown (reset, timeout, 5xx)
    /// may have created the batch, so the next round first looks for it by its tag and only then posts again.
    /// </summary>
    public async Task<RemoteBatch> CreateBatchAsync(string inputFileId, BatchTag tag, string completionWindow, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CreateBatchRequestDto(inputFileId, ChatCompletionsEndpoint, completionWindow, RemoteBatchMapper.ToMetadata(tag)),
            BatchApiJsonContext.Default.CreateBatchRequestDto);
        var started = timeProvider.GetUtcNow();
        var mayExist = false;
        BatchApiException? last = null;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                if (mayExist && await FindCreatedAsync(inputFileId, tag, started, cancellationToken) is { } existing)
                {
                    return existing;
                }
                // From here on a failure, even an unreadable 200, leaves the outcome unknown.
                mayExist = true;
                var outcome = await PostBatchAsync(body, cancellationToken);
                if (outcome.Batch is { } created)
                {
                    return created;
                }
                last = outcome.Failure;
                retryAfter = outcome.RetryAfter;
                mayExist = outcome.MayExist;
            }
            catch (BatchApiException e) when (!e.IsPermanent)
            {
                // Listing failed: whether the batch exists is still unknown, so the next round lists again.
                last = e;
            }
            if (attempt >= options.CreateBatchAttempts)
            {
                throw new BatchApiException(
                    $"could not create the batch for task {tag.TaskId} round {tag.Round} chunk {tag.Chunk} after {attempt} attempts: {last?.Message}",
                    last?.StatusCode,
                    isPermanent: false,
                    last);
            }
            await Task.Delay(options.CreateBackoff(attempt, retryAfter), timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// Looks for the batch a lost POST may have created. The list is newest first, so the search stops at batches
    /// created well before this call (an hour's margin absorbs clock skew) instead of paging through all history.
    /// </summary>
    private async Task<RemoteBatch?> FindCreatedAsync(string inputFileId, BatchTag tag, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var oldest = (since - ReconcileMargin).ToUnixTimeSeconds();
        await foreach (var (batch, call) in ListBatchObjectsAsync(cancellationToken))
        {
            if (batch.CreatedAt is { } created && created < oldest)
            {
                return null;
            }
            if (batch.InputFileId == inputFileId && RemoteBatchMapper.ToTag(batch.Metadata) == tag)
            {
                return RemoteBatchMapper.ToRemoteBatch(batch, call);
            }
        }
        return null;
    }

    private sealed record PostOutcome(RemoteBatch? Batch, BatchApiException? Failure, bool MayExist, TimeSpan? RetryAfter);

    private async Task<PostOutcome> PostBatchAsync(byte[] body, CancellationToken cancellationToken)
    {
        var url = Url("/batches");
        var call = $"POST {url}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Password);
        HttpResponseMessage response;
        try
        {
            response = await createHttp.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (BatchApiErrors.IsTransport(e, cancellationToken))
        {
            return new PostOutcome(null, _errors.FromTransport(e, call), MayExist: true, RetryAfter: null);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return new PostOutcome(await ReadBatchAsync(response, call, cancellationToken), null, MayExist: false, RetryAfter: null);
            }
            var failure = await _errors.FromResponseAsync(response, call, id: null, cancellationToken);
            if (failure.IsPermanent)
            {
                throw failure;
            }
            // A 429 is a refusal before any work; anything else transient may have created the batch.
            var refused = response.StatusCode == HttpStatusCode.TooManyRequests;
            return new PostOutcome(null, failure, MayExist: !refused, RetryAfterOf(response));
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > timeProvider.GetUtcNow() => date - timeProvider.GetUtcNow(),
        _ => null,
    };
}
