using System.Net;
using System.Text;
using BatchInfer.Activities.Inference;

namespace BatchInfer.Tests.Inference;

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
    public async Task CreateBatchAsync_LostAnswerAndOnlyOldBatchesListed_StopsPagingAndPostsAgain()
    {
        var posts = 0;
        var handler = new ScriptedHandler(request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                return ++posts == 1
                    ? throw new HttpRequestException("connection reset")
                    : Json("""{"id":"b_new","status":"validating","input_file_id":"f1","metadata":{"batch_infer_task":"t","batch_infer_round":"0","batch_infer_chunk":"1"}}""");
            }
            return Json("""{"object":"list","has_more":true,"last_id":"b_old","data":[{"id":"b_old","status":"completed","created_at":1000}]}""");
        });

        var batch = await Client(handler).CreateBatchAsync("f1", new BatchTag("t", 0, 1), "24h", CancellationToken.None);

        Assert.Equal("b_new", batch.Id);
        Assert.Equal(["POST /v1/batches", "GET /v1/batches?limit=100", "POST /v1/batches"], handler.Requests);
    }

    [Fact]
    public async Task CreateBatchAsync_AlwaysUnknown_GivesUpAfterTheConfiguredAttempts()
    {
        var handler = new ScriptedHandler(request => request.Method == HttpMethod.Post
            ? new HttpResponseMessage(HttpStatusCode.BadGateway)
            : Json("""{"object":"list","has_more":false,"data":[]}"""));

        var error = await Assert.ThrowsAsync<BatchApiException>(() => Client(handler).CreateBatchAsync("f1", new BatchTag("t", 0, 1), "24h", CancellationToken.None));

        Assert.False(error.IsPermanent);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("after 3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Requests.Count(r => r.StartsWith("POST", StringComparison.Ordinal)));
    }

    private static BatchApiClient Client(ScriptedHandler handler)
    {
        var options = new BatchApiOptions { CreateBatchAttempts = 3, CreateBatchBackoff = TimeSpan.FromMilliseconds(1) };
        return new BatchApiClient(new HttpClient(handler), new HttpClient(handler), new BatchEndpoint(BaseUrl, "pw", "openai"), options, TimeProvider.System);
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
