using BatchInfer.Activities.Configuration;

namespace BatchInfer.Activities.Steps;

/// <summary>When a batch expires: the provider's expires_at when it sends one, else its creation plus the completion window asked for.</summary>
public static class BatchExpiry
{
    // Every provider's default window; the validator refuses a window that is not a number of hours before a task runs.
    private const int DefaultHours = 24;

    public static DateTimeOffset At(DateTimeOffset createdAt, DateTimeOffset? providerExpiresAt, string completionWindow) =>
        providerExpiresAt ?? createdAt.AddHours(CompletionWindow.TryParseHours(completionWindow, out var hours) ? hours : DefaultHours);
}
