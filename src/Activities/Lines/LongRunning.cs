namespace BatchInfer.Activities.Lines;

/// <summary>
/// The record steps are synchronous loops over large buffers (an await per line cost more than the line);
/// each runs on a thread of its own instead of holding a pool thread for seconds.
/// </summary>
internal static class LongRunning
{
    public static Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
