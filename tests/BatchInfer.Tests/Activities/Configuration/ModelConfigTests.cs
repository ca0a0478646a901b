using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

/// <summary>What a model configuration makes of its values as they are set, whichever way they come (YAML, API, state file).</summary>
public sealed class ModelConfigTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000/v1/", "http://127.0.0.1:5000/v1")]
    [InlineData(" https://example.com/v1// ", "https://example.com/v1")]
    [InlineData("Simulator", "simulator")]
    public void BaseUrl_Set_TrailingSlashAndCaseOfSimulatorNormalised(string given, string expected)
    {
        Assert.Equal(expected, new ModelConfig { BaseUrl = given }.BaseUrl);
    }

    [Theory]
    [InlineData("DashScope", "dashscope")]
    [InlineData(" OPENAI ", "openai")]
    [InlineData("bedrock", "bedrock")]
    public void Provider_Set_KnownNameTakesItsOwnSpelling(string given, string expected)
    {
        Assert.Equal(expected, new ModelConfig { Provider = given }.Provider);
    }

    [Fact]
    public void ExtraBody_SetToNull_IsEmpty()
    {
        Assert.Empty(new ModelConfig { ExtraBody = null! }.ExtraBody);
    }
}
