using System.Text.Json;
using BatchInfer.Activities.Inference;
using BatchInfer.Tests.EndToEnd;

namespace BatchInfer.Tests.Activities.Inference;

public sealed class BatchStatusTests
{
    [Theory]
    [InlineData("validating", BatchState.Pending)]
    [InlineData("queuing", BatchState.Pending)]
    [InlineData("queueing", BatchState.Pending)]
    [InlineData("in_queue", BatchState.Pending)]
    [InlineData("IN_QUEUE", BatchState.Pending)]
    [InlineData("in_progress", BatchState.Running)]
    [InlineData("finalizing", BatchState.Finalizing)]
    [InlineData("cancelling", BatchState.Cancelling)]
    [InlineData("canceling", BatchState.Cancelling)]
    [InlineData("completed", BatchState.Completed)]
    [InlineData("Completed", BatchState.Completed)]
    [InlineData("failed", BatchState.Failed)]
    [InlineData("expired", BatchState.Expired)]
    [InlineData("cancelled", BatchState.Cancelled)]
    [InlineData("canceled", BatchState.Cancelled)]
    public void Parse_KnownSpelling_Normalised(string raw, BatchState expected)
    {
        Assert.Equal(expected, BatchStatus.Parse(raw, "batch_1"));
    }

    [Fact]
    public void Parse_UnknownStatus_PermanentErrorNamingIt()
    {
        var error = Assert.Throws<BatchApiException>(() => BatchStatus.Parse("paused", "batch_9"));

        Assert.True(error.IsPermanent);
        Assert.Contains("'paused'", error.Message, StringComparison.Ordinal);
        Assert.Contains("batch_9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToRemoteBatch_MinimalObjectWithNulls_Parsed()
    {
        var dto = JsonSerializer.Deserialize(
            "{\"id\":\"b1\",\"status\":\"in_progress\",\"output_file_id\":null,\"request_counts\":null,\"metadata\":null,\"errors\":null,\"created_at\":null}",
            BatchApiJsonContext.Default.BatchDto)!;

        var batch = RemoteBatchMapper.ToRemoteBatch(dto, "GET x");

        Assert.Equal(new RemoteBatch("b1", BatchState.Running, "in_progress", null, null, null, null, null, null, new BatchTimes(null, null, null)), batch);
    }

    [Fact]
    public void ToRemoteBatch_FullObject_TagCountsAndErrorsRead()
    {
        var dto = JsonSerializer.Deserialize(
            """
            {"id":"b2","status":"failed","input_file_id":"f","output_file_id":"","error_file_id":"e","request_counts":{"total":"5","completed":2,"failed":3},
             "metadata":{"batch_infer_task":"t","batch_infer_round":"2","batch_infer_chunk":"11","other":"x"},
             "errors":{"object":"list","data":[{"code":"bad","message":"line too long","line":4}]}}
            """,
            BatchApiJsonContext.Default.BatchDto)!;

        var batch = RemoteBatchMapper.ToRemoteBatch(dto, "GET x");

        Assert.Equal(new BatchTag("t", 2, 11), batch.Tag);
        Assert.Equal(new RequestCounts(5, 2, 3), batch.Counts);
        Assert.Null(batch.OutputFileId);
        Assert.Equal("line 4: [bad] line too long", batch.ErrorMessage);
    }

    [Theory]
    [InlineData("completed", 1700000300L)]
    [InlineData("failed", 1700000400L)]
    [InlineData("expired", 1700000500L)]
    [InlineData("cancelled", 1700000600L)]
    [InlineData("in_progress", null)]
    public void ToRemoteBatch_Times_CreatedExpiresAndTheEndOfTheStatusItEndedIn(string status, long? endedAt)
    {
        var dto = JsonSerializer.Deserialize(
            $$"""
            {"id":"b","status":"{{status}}","created_at":1700000000,"expires_at":1700086400,"in_progress_at":1700000100,
             "completed_at":1700000300,"failed_at":1700000400,"expired_at":1700000500,"cancelled_at":1700000600}
            """,
            BatchApiJsonContext.Default.BatchDto)!;

        var times = RemoteBatchMapper.ToRemoteBatch(dto, "GET x").Times;

        Assert.Equal(
            new BatchTimes(DateTimeOffset.FromUnixTimeSeconds(1700000000), DateTimeOffset.FromUnixTimeSeconds(1700086400),
                endedAt is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null),
            times);
    }

    [Fact]
    public void ToRemoteBatch_TimeInMillisecondsOrNegative_NoTimeAndNoFailure()
    {
        var dto = JsonSerializer.Deserialize("""{"id":"b","status":"validating","created_at":1700000000000000,"expires_at":-5}""", BatchApiJsonContext.Default.BatchDto)!;

        Assert.Equal(new BatchTimes(null, null, null), RemoteBatchMapper.ToRemoteBatch(dto, "GET x").Times);
    }

    [Fact]
    public void ToTag_ForeignMetadata_NoTag()
    {
        var dto = JsonSerializer.Deserialize("{\"id\":\"b\",\"status\":\"completed\",\"metadata\":{\"batch_infer_task\":\"t\",\"batch_infer_round\":\"x\"}}", BatchApiJsonContext.Default.BatchDto)!;

        Assert.Null(RemoteBatchMapper.ToRemoteBatch(dto, "GET x").Tag);
    }
}
