using System.Text.Json.Nodes;
using BatchInfer.Activities.Configuration;
using BatchInfer.Host.Engine;

namespace BatchInfer.Tests.Host.Engine;

/// <summary>tasks.ConfigJson: written by Fingerprint, read back by StoredConfig, with one JSON form on both sides.</summary>
public sealed class StoredConfigTests
{
    private static readonly BatchInferConfig Config = new()
    {
        Model = new ModelConfig
        {
            Domain = "m",
            Password = "stored-secret-pw",
            MaxTokens = 64,
            Temperature = 0.6,
            ExtraBody = new JsonObject { ["stop"] = new JsonArray("x"), ["n"] = 2 },
            BaseUrl = "simulator",
            Provider = "dashscope",
        },
        LinesPerChunk = 50,
        PollIntervalSeconds = 0.5,
        CompletionWindow = "48h",
    };

    [Fact]
    public void RedactedJson_Config_IsTheFormEarlierVersionsStored()
    {
        // The fingerprint of every task already in a state file is a hash of this text: a task started before must
        // still be resumed by the same command, not refused as "another configuration".
        Assert.Equal(
            """{"model":{"domain":"m","password":"","max_tokens":64,"messages_key":"messages","temperature":0.6,"top_p":null,"enable_thinking":null,"extra_body":{"stop":["x"],"n":2},"base_url":"simulator","provider":"dashscope","uses_simulator":true},"test_lines":0,"lines_per_chunk":50,"max_retry_count":3,"poll_interval_seconds":0.5,"completion_window":"48h"}""",
            Fingerprint.RedactedJson(Config));
    }

    [Fact]
    public void Read_RedactedJson_GivesTheConfigBackWithThePasswordPutIn()
    {
        var json = Fingerprint.RedactedJson(Config);

        var read = StoredConfig.Read(json, "stored-secret-pw");

        Assert.DoesNotContain("stored-secret-pw", json, StringComparison.Ordinal);
        Assert.NotNull(read);
        Assert.Equal(Config.Model.ExtraBody.ToJsonString(), read.Model.ExtraBody.ToJsonString());
        Assert.Equal(Config, read with { Model = read.Model with { ExtraBody = Config.Model.ExtraBody } });
        Assert.Null(StoredConfig.Problem(read));
    }

    [Fact]
    public void Problem_StoredConfigBreaksRules_NamesEveryProblem()
    {
        var json = Fingerprint.RedactedJson(Config with { PollIntervalSeconds = 0, MaxRetryCount = 50 });

        var problem = StoredConfig.Problem(StoredConfig.Read(json, "stored-secret-pw"));

        Assert.Equal(
            "its stored configuration is not valid (max_retry_count: must be between 0 and 20, got 50; poll_interval_seconds: must be at least 0.1, got 0)",
            problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    public void Problem_StoredTextIsNoConfig_SaysItCannotBeRead(string configJson)
    {
        Assert.Equal("its stored configuration cannot be read", StoredConfig.Problem(StoredConfig.Read(configJson, "pw")));
    }

    [Fact]
    public void MaxRetryCount_StoredConfig_AsStarted()
    {
        Assert.Equal(7, StoredConfig.MaxRetryCount(Fingerprint.RedactedJson(Config with { MaxRetryCount = 7 })));
        Assert.Equal(0, StoredConfig.MaxRetryCount("not json"));
    }
}
