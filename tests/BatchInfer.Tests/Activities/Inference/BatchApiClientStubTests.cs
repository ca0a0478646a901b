using System.Net;
using System.Text;
using BatchInfer.Activities.Inference;

namespace BatchInfer.Tests.Activities.Inference;

/// <summary>Provider answers the simulator never gives, from a scripted handler.</summary>
public sealed class BatchApiClientStubTests
{
    private const string BaseUrl = "https://provider.test/v1";

    [Fact]
    public async Task ListBatchesAsync_UnknownStatus_SkipsForeignBatchButRefusesOurs()
    {
        var handler = new ScriptedHandler(_ => Json("""
            {"object":"list","has_more":false,"data":[
              {"id":"b_foreign","status":"paused","metadata":{"owner":"someone"}},
              {"id":"b_ours","status":"paused","metadata":{"batch_infer_task":"t","batch_infer_round":"0","batch_infer_chunk":"1"}}]}
            """));
        var api = Client(handler);

        var error = await Assert.ThrowsAsync<BatchApiException>(async () =>
        {
            await foreach (var _ in api.ListBatchesAsync(CancellationToken.None))
            {
            }
        });

        Assert.Contains("batch b_ours reports status 'paused'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBatchAsync_LostAnswer_OnePostAndATransientErrorThatMayHaveCreated()
    {
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("connection reset"));

        var error = await Assert.ThrowsAsync<BatchApiException>(() => Client(handler).CreateBatchAsync("f1", new BatchTag("t", 0, 1), "24h", CancellationToken.None));

        Assert.False(error.IsPermanent);
        Assert.False(error.Refused);
        Assert.Equal(["POST /v1/batches"], handler.Requests);
    }

    [Fact]
    public async Task CreateBatchAsync_429WithRetryAfter_RefusedWithTheWait()
    {
        var handler = new ScriptedHandler(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(9));
            return response;
        });

        var error = await Assert.ThrowsAsync<BatchApiException>(() => Client(handler).CreateBatchAsync("f1", new BatchTag("t", 0, 1), "24h", CancellationToken.None));

        Assert.True(error.Refused);
        Assert.Equal(TimeSpan.FromSeconds(9), error.RetryAfter);
        Assert.Equal(429, error.StatusCode);
        Assert.Equal(["POST /v1/batches"], handler.Requests);
    }

    private static BatchApiClient Client(ScriptedHandler handler)
    {
        return new BatchApiClient(new HttpClient(handler), new HttpClient(handler), new BatchEndpoint(BaseUrl, "pw", "openai"), new BatchApiOptions(), TimeProvider.System);
    }

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            return Task.FromResult(answer(request));
        }
    }
}
