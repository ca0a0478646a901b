using System.Net.Http.Headers;
using System.Text.Json;
using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

public sealed class SimulatorValidationTests
{
    private static string Line(string customId = "a", string method = "POST", string url = "/v1/chat/completions", string model = "m") =>
        JsonSerializer.Serialize(new { custom_id = customId, method, url, body = new { model, messages = new[] { new { role = "user", content = "hi" } } } });

    public static TheoryData<string[], string> BadFiles => new()
    {
        { ["{\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}"], "line 1: custom_id is missing" },
        { [Line("a"), Line("b"), Line("a")], "line 3: custom_id 'a' is used more than once" },
        { [Line(method: "GET")], "line 1: method must be \"POST\"" },
        { [Line(url: "/v1/embeddings")], "line 1: url must be \"/v1/chat/completions\"" },
        { [Line("a", model: "m1"), Line("b", model: "m2")], "line 2: model 'm2' differs from 'm1'" },
        { ["{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}}"], "line 1: 'body.model': is required" },
        { ["{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[]}}"], "line 1: body.messages must be a non-empty array" },
        { ["{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":\"hi\"}}"], "line 1: 'body.messages': expected an array, got a string" },
        { ["{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":\"hot\"}}"], "line 1: 'body.temperature'" },
        { [Line(), "{not json"], "line 2: not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Upload_InvalidLine_Refused400NamingTheLine(string[] lines, string expected)
    {
        await using var sim = await SimulatorHarness.StartAsync();

        using var response = await sim.PostFileAsync(sim.WriteLines(lines));

        var error = await ErrorOf(response, 400);
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(0, sim.Server.Stats.FilesUploaded);
    }

    [Theory]
    [InlineData("spark", 400)]
    [InlineData("openai", 200)]
    public async Task Upload_BodyOver6KB_RefusedOnlyBySpark(string profile, int expected)
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { Profile = profile });
        var path = sim.WriteLines([SimulatorHarness.RequestLine("big", new string('x', 7000))]);

        using var response = await sim.PostFileAsync(path);

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Fact]
    public async Task Upload_UnknownPurposeOrNotJsonl_Refused()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var path = sim.WriteInput(1);

        using var badPurpose = await sim.PostFileAsync(path, purpose: "homework");
        using var badName = await sim.PostFileAsync(path, fileName: "input.csv");

        Assert.Contains("'homework' is not one of", (await ErrorOf(badPurpose, 400)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(".jsonl", (await ErrorOf(badName, 400)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_UnquotedFormNames_RefusedAsByStrictGateways()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        // .NET's MultipartFormDataContent on its own writes name=purpose and name=file; filename=… without quotes.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("batch"), "purpose" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(sim.WriteInput(1))), "file", "input.jsonl" },
        };

        using var response = await sim.Http.PostAsync("files", form);

        Assert.Contains("must be quoted strings", (await ErrorOf(response, 400)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadCreates => new()
    {
        { "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\"}", "'completion_window': is required" },
        { "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"48h\"}", "'48h' is not one of '24h'" },
        { "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/teleport\",\"completion_window\":\"24h\"}", "'endpoint': '/v1/teleport' is not one of" },
        { "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":1}}", "'metadata.k'" },
        { "{\"input_file_id\":\"FILE\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\",\"metadata\":{\"k\":\"LONG\"}}", "longer than 512" },
        { "{\"input_file_id\":\"file-nope\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}", "no file 'file-nope'" },
        { "[1,2]", "must be a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task CreateBatch_AgainstSpec_Refused400WithSpecErrorShape(string body, string expected)
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var fileId = await sim.UploadAsync(sim.WriteInput(1));
        using var content = new StringContent(body.Replace("FILE", fileId, StringComparison.Ordinal).Replace("LONG", new string('v', 513), StringComparison.Ordinal));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await sim.Http.PostAsync("batches", content);

        var error = await ErrorOf(response, 400);
        Assert.Contains(expected, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.TryGetProperty("param", out _));
        Assert.True(error.TryGetProperty("code", out _));
        Assert.Equal(0, sim.Server.Stats.BatchesCreated);
    }

    [Fact]
    public async Task CreateBatch_SeventeenMetadataPairs_Refused()
    {
        await using var sim = await SimulatorHarness.StartAsync();
        var fileId = await sim.UploadAsync(sim.WriteInput(1));
        var metadata = Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v");

        using var response = await sim.PostBatchAsync(new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h", metadata });

        Assert.Contains("at most 16", (await ErrorOf(response, 400)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic c2ltLXRlc3QtdG9rZW4=")]
    public async Task AnyCall_WithoutTheRequiredToken_Answered401(string? authorization)
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { RequiredToken = SimulatorHarness.Token });
        using var request = new HttpRequestMessage(HttpMethod.Get, "batches");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        sim.Http.DefaultRequestHeaders.Authorization = null;

        using var response = await sim.Http.SendAsync(request);

        var error = await ErrorOf(response, 401);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.DoesNotContain("wrong-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_WithTheRequiredToken_Answered()
    {
        await using var sim = await SimulatorHarness.StartAsync(new SimulatorOptions { RequiredToken = SimulatorHarness.Token });

        using var response = await sim.Http.GetAsync("batches");

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task UnknownIds_Answered404()
    {
        await using var sim = await SimulatorHarness.StartAsync();

        using var batch = await sim.Http.GetAsync("batches/batch_nope");
        using var file = await sim.Http.GetAsync("files/file-nope/content");

        Assert.Contains("batch_nope", (await ErrorOf(batch, 404)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("file-nope", (await ErrorOf(file, 404)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected HTTP {status}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("error").Clone();
    }
}
