using BatchInfer.Host.Studio;

namespace BatchInfer.Tests.Studio;

public sealed class ProviderLinesTests
{
    private const string PermanentError =
        """{"id":"batch_req_1","custom_id":"8","response":{"status_code":400,"request_id":"req_1","body":{"error":{"message":"Invalid request.","type":"invalid_request_error","param":"messages","code":"invalid_value"}}},"error":null}""";

    [Fact]
    public void ReadFailure_ErrorInResponseBody_CodeAndMessageOfTheBody()
    {
        var failure = ProviderLines.ReadFailure(PermanentError);

        Assert.Equal(new ProviderLines.Failure("8", "invalid_value", "Invalid request."), failure);
    }

    [Fact]
    public void ReadFailure_TopLevelErrorOfAnExpiredBatch_ItsCode()
    {
        var failure = ProviderLines.ReadFailure("""{"id":"r","custom_id":"x-1","response":null,"error":{"code":"batch_expired","message":"not executed"}}""");

        Assert.Equal(new ProviderLines.Failure("x-1", "batch_expired", "not executed"), failure);
    }

    [Fact]
    public void ReadFailure_StatusWithoutErrorObject_HttpStatusAsCode()
    {
        var failure = ProviderLines.ReadFailure("""{"custom_id":"7","response":{"status_code":503,"body":"busy"},"error":null}""");

        Assert.Equal("http_503", failure.Code);
        Assert.Equal("7", failure.CustomId);
    }

    [Fact]
    public void ReadFailure_RoundFailedLine_ReadsTheEmbeddedProviderLine_OrSaysNoAnswer()
    {
        var answered = ProviderLines.ReadFailure($$$"""{"seq":3,"custom_id":"8","error":{{{PermanentError}}},"request":{"custom_id":"8"}}""");
        var silent = ProviderLines.ReadFailure("""{"seq":4,"custom_id":"9","error":null,"request":{"custom_id":"9"}}""");

        Assert.Equal("invalid_value", answered.Code);
        Assert.Equal(new ProviderLines.Failure("9", "no_answer", "The provider returned no line for this record in that round."), silent);
    }

    [Fact]
    public void ReadFailure_NotJson_UnreadableWithTheLineAsMessage()
    {
        Assert.Equal(new ProviderLines.Failure("?", "unreadable_line", "{oops"), ProviderLines.ReadFailure("{oops"));
    }

    [Fact]
    public void ReadAnswer_ChatCompletion_TheMessageContentAsGiven()
    {
        var answer = ProviderLines.ReadAnswer(
            """{"custom_id":"1","response":{"status_code":200,"body":{"choices":[{"message":{"role":"assistant","content":"<script>x()</script> 42"}}]}},"error":null}""");

        Assert.Equal(new ProviderLines.Answer("1", "<script>x()</script> 42"), answer);
    }
}
