using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Inference;

/// <summary>
/// The OpenAI-compatible Batch API over HTTP. HTTP-level retries (429 with Retry-After, 5xx, resets) are the
/// resilience handler's job on <paramref name="http"/>; <paramref name="createHttp"/> does not retry POST, because
/// creating a batch costs money: SubmitBatch looks for the batch by its tag before it posts again (see <see cref="CreateBatchAsync"/>).
/// </summary>
internal sealed partial class BatchApiClient(
    HttpClient http,
    HttpClient createHttp,
    BatchEndpoint endpoint,
    BatchApiOptions options,
    TimeProvider timeProvider) : IBatchApi
{
    public const string ChatCompletionsEndpoint = "/v1/chat/completions";

    private readonly BatchApiErrors _errors = new(endpoint);
    private readonly string _baseUrl = endpoint.BaseUrl.TrimEnd('/');

    public async Task<string> UploadFileAsync(string path, string fileName, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"the file to upload, {path}, does not exist", path);
        }
        if (!fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            fileName += ".jsonl";
        }
        var url = Url("/files");
        using var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Post, url) { Content = UploadFormContent.Create(path, fileName, "batch") },
            id: null, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var file = await ReadAsync(response, BatchApiJsonContext.Default.FileDto, $"POST {url}", cancellationToken);
        return file?.Id is { Length: > 0 } id
            ? id
            : throw new BatchApiException($"the provider's answer to POST {url} has no file 'id'", statusCode: null, isPermanent: false);
    }

    public async Task<RemoteBatch> GetBatchAsync(string batchId, CancellationToken cancellationToken)
    {
        var url = Url($"/batches/{Uri.EscapeDataString(batchId)}");
        using var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), batchId, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadBatchAsync(response, $"GET {url}", cancellationToken);
    }

    public async Task<RemoteBatch> CancelBatchAsync(string batchId, CancellationToken cancellationToken)
    {
        var url = Url($"/batches/{Uri.EscapeDataString(batchId)}/cancel");
        using var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Post, url), batchId, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadBatchAsync(response, $"POST {url}", cancellationToken);
    }

    public async Task DownloadFileAsync(string fileId, string destinationPath, CancellationToken cancellationToken)
    {
        var url = Url($"/files/{Uri.EscapeDataString(fileId)}/content");
        using var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), fileId, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var pending = AtomicFile.Begin(destinationPath);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await CopyWithIdleTimeoutAsync(body, pending.Stream, cancellationToken);
        }
        catch (Exception e) when (BatchApiErrors.IsTransport(e, cancellationToken))
        {
            // The handler retries until the headers arrive; a body cut short afterwards is left to the caller's retry.
            throw _errors.FromTransport(e, $"GET {url}");
        }
        await pending.CommitAsync(cancellationToken);
    }

    // The resilience handler's timeouts end when the headers arrive; a connection that goes silent in the middle of
    // a 100 MB body would otherwise hang the chunk forever. Every read must make progress within this time.
    private static readonly TimeSpan DownloadIdleTimeout = TimeSpan.FromMinutes(2);

    private static async Task CopyWithIdleTimeoutAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var buffer = new byte[AtomicFile.BufferSize];
        while (true)
        {
            idle.CancelAfter(DownloadIdleTimeout);
            var read = await source.ReadAsync(buffer, idle.Token);
            if (read == 0)
            {
                return;
            }
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    public async IAsyncEnumerable<RemoteBatch> ListBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (batch, call) in ListBatchObjectsAsync(cancellationToken))
        {
            // Someone else's batch in a status we do not know is none of our business; one of ours is an error.
            if (BatchStatus.TryParse(batch.Status, out _) || RemoteBatchMapper.ToTag(batch.Metadata) is not null)
            {
                yield return RemoteBatchMapper.ToRemoteBatch(batch, call);
            }
        }
    }

    private async IAsyncEnumerable<(BatchDto Batch, string Call)> ListBatchObjectsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var query = $"?limit={options.ListPageSize}" + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");
            var url = Url("/batches" + query);
            BatchListDto? page;
            using (var response = await SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, url), id: null, HttpCompletionOption.ResponseContentRead, cancellationToken))
            {
                page = await ReadAsync(response, BatchApiJsonContext.Default.BatchListDto, $"GET {url}", cancellationToken);
            }
            var data = page?.Data ?? [];
            foreach (var batch in data)
            {
                yield return (batch, $"GET {url}");
            }
            // Without a cursor there is no next page to ask for, whatever has_more says.
            after = page?.LastId is { Length: > 0 } last ? last : data.LastOrDefault()?.Id;
            if (page?.HasMore != true || data.Count == 0 || after is null)
            {
                yield break;
            }
        }
    }

    private string Url(string path) => _baseUrl + path;

    /// <summary>Sends with the credential attached; any non-success answer becomes a <see cref="BatchApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        HttpClient client,
        Func<HttpRequestMessage> createRequest,
        string? id,
        HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Password);
        var call = $"{request.Method} {request.RequestUri}";
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (BatchApiErrors.IsTransport(e, cancellationToken))
        {
            throw _errors.FromTransport(e, call);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await _errors.FromResponseAsync(response, call, id, cancellationToken);
        }
    }

    private async Task<RemoteBatch> ReadBatchAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        var dto = await ReadAsync(response, BatchApiJsonContext.Default.BatchDto, call, cancellationToken)
            ?? throw new BatchApiException($"the provider's answer to {call} is empty", statusCode: null, isPermanent: false);
        return RemoteBatchMapper.ToRemoteBatch(dto, call);
    }

    private async Task<T?> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string call, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, type, cancellationToken);
        }
        catch (JsonException e)
        {
            throw _errors.Unreadable(call, e);
        }
        catch (Exception e) when (BatchApiErrors.IsTransport(e, cancellationToken))
        {
            throw _errors.FromTransport(e, call);
        }
    }
}
