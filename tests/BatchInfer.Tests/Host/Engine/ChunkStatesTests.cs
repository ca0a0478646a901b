using BatchInfer.Host.Cli;
using BatchInfer.Host.Engine;

namespace BatchInfer.Tests.Host.Engine;

public sealed class ChunkStatesTests
{
    [Theory]
    [InlineData("POST /batches kept failing with HTTP 429 after retries", "http_429")]
    [InlineData("the provider rejected the credential (HTTP 401): check model.password", "http_401")]
    [InlineData("batch expired: the batch was not completed in time", "batch_expired")]
    [InlineData("GET /files/x/content failed in transit: connection reset", "transport")]
    [InlineData("disk full", "other")]
    public void CodeOf_ChunkError_GroupsByWhatFailed(string error, string expected) =>
        Assert.Equal(expected, ChunkStates.CodeOf(error));

    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250ms", 250)]
    [InlineData("00:10:00", 600_000)]
    public void ParseDuration_UserSpelling_GivesDuration(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DaemonCommand.ParseDuration(text));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5m")]
    public void ParseDuration_NotADuration_GivesNull(string text) =>
        Assert.Null(DaemonCommand.ParseDuration(text));
}
