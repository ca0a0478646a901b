namespace BatchInfer.Host.Cli;

/// <summary>Exit codes (docs/results.md).</summary>
internal static class ExitCodes
{
    public const int Succeeded = 0;
    public const int InternalError = 1;
    public const int UsageError = 2;
    public const int FinishedWithFailures = 3;
    public const int Cancelled = 4;

    /// <summary>Interrupted with Ctrl+C: the task is intact and resumes with the same command (shell convention 128 + SIGINT).</summary>
    public const int Interrupted = 130;
}
