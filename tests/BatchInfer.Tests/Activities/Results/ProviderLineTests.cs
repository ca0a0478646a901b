using System.Text;
using BatchInfer.Activities.Results;

namespace BatchInfer.Tests.Activities.Results;

public sealed class ProviderLineTests
{
    [Theory]
    [InlineData("""{"custom_id":"a-1","response":{"status_code":200,"body":{"choices":[]}}}""", "a-1")]
    [InlineData("""{"custom_id":"\u0061-\u00e9","response":{"status_code":200,"body":{"choices":[]}}}""", "a-é")]
    [InlineData("""{"custom_id":"x","custom_id":"last wins"}""", "last wins")]
    public void TryParse_CustomId_IsItsUnescapedText(string line, string expected)
    {
        var buffer = new byte[1];

        Assert.True(ProviderLine.TryParse(Encoding.UTF8.GetBytes(line), ref buffer, out _, out var customId));
        Assert.Equal(expected, Encoding.UTF8.GetString(customId));
    }

    [Theory]
    [InlineData("""{"custom_id":5}""")]
    [InlineData("""{"response":{"status_code":200,"body":{"choices":[]}}}""")]
    [InlineData("""{"custom_id":"a"} trailing""")]
    [InlineData("""{"custom_id":"a",""")]
    [InlineData("""{"custom_id":"\ud800"}""")]
    [InlineData("""[1]""")]
    public void TryParse_NoUsableCustomIdOrNotOneJsonObject_IsFalse(string line)
    {
        var buffer = new byte[16];

        Assert.False(ProviderLine.TryParse(Encoding.UTF8.GetBytes(line), ref buffer, out _, out _));
    }

    [Theory]
    [InlineData("""{"custom_id":"a","response":{"status_code":200,"body":{"choices":[{}],"usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}}}""", true, false, 7)]
    [InlineData("""{"custom_id":"a","response":{"status_code":400,"body":{"error":{"type":"x"}}}}""", false, true, 0)]
    [InlineData("""{"custom_id":"a","response":{"status_code":429,"body":{"error":{"type":"invalid_request_error"}}}}""", false, false, 0)]
    [InlineData("""{"custom_id":"a","response":null,"error":{"code":"invalid_request_error"}}""", false, true, 0)]
    [InlineData("""{"custom_id":"a","response":null,"error":{"code":"invalid_request_error","type":"server_error"}}""", false, false, 0)]
    [InlineData("""{"custom_id":"a","error":{"type":"server_error"},"response":{"body":{"error":{"type":"invalid_request_error"}}}}""", false, true, 0)]
    [InlineData("""{"custom_id":"a","response":{"body":{"error":{"type":"invalid_\u0072equest_error"}}}}""", false, true, 0)]
    public void TryParse_Answer_IsClassified(string line, bool success, bool permanent, long totalTokens)
    {
        var buffer = new byte[16];

        Assert.True(ProviderLine.TryParse(Encoding.UTF8.GetBytes(line), ref buffer, out var parsed, out _));
        Assert.Equal((success, permanent, totalTokens), (parsed.IsSuccess, parsed.IsPermanentError, parsed.TotalTokens));
    }

    [Fact]
    public void TryParse_CustomIdNotValidUtf8_GivesItsBytesWhichMatchNoRecord()
    {
        byte[] line = [.. "{\"custom_id\":\"a"u8, 0xFF, .. "\"}"u8];
        var buffer = new byte[16];

        Assert.True(ProviderLine.TryParse(line, ref buffer, out _, out var customId));
        Assert.Equal([(byte)'a', 0xFF], customId.ToArray());
    }
}
