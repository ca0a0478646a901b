using System.Net;
using BatchInfer.Activities.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Tests.Activities.Inference;

public sealed class BatchApiErrorTests
{
    [Fact]
    public async Task AnyCall_WrongPassword_PermanentErrorPointingAtTheCredential()
    {
        await using var client = await ClientHarness.StartAsync(password: "sk-wrong-but-secret");

        var error = await Assert.ThrowsAsync<BatchApiException>(() => client.Api.GetBatchAsync("batch_1", CancellationToken.None));

        Assert.Equal("the provider rejected the credential (HTTP 401): check model.password or BATCH_INFER_PASSWORD", error.Message);
        Assert.Equal(401, error.StatusCode);
        Assert.True(error.IsPermanent);
        Assert.DoesNotContain("sk-wrong-but-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetBatchAsync_UnknownId_PermanentErrorNamingUrlAndId()
    {
        await using var client = await ClientHarness.StartAsync();

        var error = await Assert.ThrowsAsync<BatchApiException>(() => client.Api.GetBatchAsync("batch_missing", CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.True(error.IsPermanent);
        Assert.Contains($"{client.Simulator.Server.BaseUrl}/batches/batch_missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("model.base_url", error.Message, StringComparison.Ordinal);
        Assert.Contains("'batch_missing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateBatchAsync_UnknownFile_QuotesTheProvidersReason()
    {
        await using var client = await ClientHarness.StartAsync();

        var error = await Assert.ThrowsAsync<BatchApiException>(() =>
            client.Api.CreateBatchAsync("file-nope", new BatchTag("t", 0, 0), "24h", CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.True(error.IsPermanent);
        Assert.Contains("no file 'file-nope'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.Simulator.Server.Stats.BatchesCreated);
    }

    [Fact]
    public async Task UploadFileAsync_InvalidLine_QuotesLineNumberFromProvider()
    {
        await using var client = await ClientHarness.StartAsync();
        var path = client.Simulator.WriteLines(["{\"custom_id\":\"1\",\"method\":\"GET\",\"url\":\"/v1/chat/completions\",\"body\":{}}"]);

        var error = await Assert.ThrowsAsync<BatchApiException>(() => client.Api.UploadFileAsync(path, "bad.jsonl", CancellationToken.None));

        Assert.True(error.IsPermanent);
        Assert.Contains("line 1: method must be \"POST\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromResponseAsync_ProviderEchoesTheKey_KeyScrubbedFromMessage()
    {
        var errors = new BatchApiErrors(new BatchEndpoint("https://example.invalid/v1", "sk-echoed-123", "openai"));
        using var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
        {
            Content = new StringContent("{\"error\":{\"message\":\"Key sk-echoed-123 may not use batches\",\"type\":\"x\",\"param\":null,\"code\":null}}"),
        };

        var error = await errors.FromResponseAsync(response, "GET https://example.invalid/v1/batches", null, CancellationToken.None);

        Assert.True(error.IsPermanent);
        Assert.Contains("Key *** may not use batches", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-echoed-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BatchEndpoint_ToString_HidesThePassword()
    {
        Assert.DoesNotContain("sk-hidden", new BatchEndpoint("https://x/v1", "sk-hidden", "spark").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Factory_BaseUrlNotHttp_PermanentErrorNamingIt()
    {
        using var provider = new ServiceCollection().AddBatchApi().BuildServiceProvider();
        var factory = provider.GetRequiredService<IBatchApiFactory>();

        var error = Assert.Throws<BatchApiException>(() => factory.Create(new BatchEndpoint("ftp://host/v1", "p", "spark")));

        Assert.Contains("model.base_url 'ftp://host/v1'", error.Message, StringComparison.Ordinal);
    }
}
