using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace BatchInfer.Activities.Inference;

internal sealed partial class BatchApiClient
{
    /// <summary>
    /// One POST /batches; never retried here, since a POST whose outcome is unknown (reset, timeout, 5xx) may have created
    /// the batch. SubmitBatch marks the chunk before the call and, on its next run, looks for the batch by its tag before
    /// it posts again; a refusal (429) is flagged <see cref="BatchApiException.Refused"/>, so that no look-up is needed.
    /// </summary>
    public async Task<RemoteBatch> CreateBatchAsync(string inputFileId, BatchTag tag, string completionWindow, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new CreateBatchRequestDto(inputFileId, ChatCompletionsEndpoint, completionWindow, RemoteBatchMapper.ToMetadata(tag)),
            BatchApiJsonContext.Default.CreateBatchRequestDto);
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
            throw _errors.FromTransport(e, call);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await ReadBatchAsync(response, call, cancellationToken);
            }
            var failure = await _errors.FromResponseAsync(response, call, id: null, cancellationToken);
            if (failure.IsPermanent)
            {
                throw failure;
            }
            throw new BatchApiException(failure.Message, failure.StatusCode, isPermanent: false, failure)
            {
                Refused = response.StatusCode == HttpStatusCode.TooManyRequests,
                RetryAfter = RetryAfterOf(response),
            };
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } when date > timeProvider.GetUtcNow() => date - timeProvider.GetUtcNow(),
        _ => null,
    };
}
