namespace BatchInfer.Activities.Steps;

/// <summary>A re-entrant step's state between runs (kept in the engine's persistence data, docs/engine.md).</summary>
public sealed record StepAttempt(int Failures)
{
    public StepAttempt Failed() => new(Failures + 1);

    /// <summary>Capped exponential backoff with jitter: initial, 2 × initial, 4 × initial … max (pipeline parameters).</summary>
    public TimeSpan Backoff(TimeSpan initial, TimeSpan max)
    {
        var seconds = Math.Min(max.TotalSeconds, initial.TotalSeconds * Math.Pow(2, Math.Min(Failures, 16)));
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
