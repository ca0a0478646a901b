namespace BatchInfer.Activities.Results;

/// <summary>Tokens summed from the success lines' <c>response.body.usage</c>.</summary>
public sealed record TokenUsage(long PromptTokens, long CompletionTokens, long TotalTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public static TokenUsage operator +(TokenUsage left, TokenUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new(left.PromptTokens + right.PromptTokens, left.CompletionTokens + right.CompletionTokens, left.TotalTokens + right.TotalTokens);
    }

    public TokenUsage Add(TokenUsage other) => this + other;
}
