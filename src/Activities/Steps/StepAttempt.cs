namespace BatchInfer.Activities.Steps;

/// <summary>A re-entrant step's state between runs (kept in the engine's persistence data, DESIGN.md §3.2).</summary>
public sealed record StepAttempt(int Failures)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

    public StepAttempt Failed() => new(Failures + 1);

    /// <summary>Capped exponential backoff with jitter: 1 s, 2 s, 4 s … 5 min.</summary>
    public TimeSpan Backoff()
    {
        var seconds = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(Failures, 16)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
