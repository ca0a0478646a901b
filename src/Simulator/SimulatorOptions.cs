namespace BatchInfer.Simulator;

/// <summary>Every knob of the simulated OpenAI-compatible Batch API. The defaults give a fast, fault-free Spark.</summary>
public sealed partial record SimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 takes any free port (see <see cref="SimulatorServer.BaseUrl"/>).</summary>
    public int Port { get; init; }

    /// <summary>
    /// "spark" (default): iFlytek Spark's limits (6 KB request body, 100 MB file), success lines with status_code 101,
    /// and its status spellings: validating is reported as <c>queueing</c>, cancelling as <c>canceling</c>,
    /// cancelled as <c>canceled</c>. "openai": OpenAI's limits (no body limit, 200 MB), status_code 200, the spec's spellings.
    /// </summary>
    public string Profile { get; init; } = SimulatorProfile.Spark.Name;

    /// <summary>Where uploaded and produced files live. Null: a new temporary directory, deleted when the server is disposed.</summary>
    public string? StorageDirectory { get; init; }

    /// <summary>Null: any non-empty bearer token is accepted. Set: only this one; anything else is answered 401.</summary>
    public string? RequiredToken { get; init; }

    /// <summary>How long a new batch stays validating (queueing under spark).</summary>
    public TimeSpan ValidatingDuration { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long processing all records of a batch takes, spread evenly over the records.</summary>
    public TimeSpan InProgressDuration { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan FinalizingDuration { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Fraction (0–1) of records answered with a retryable error line (status_code 500, server_error).</summary>
    public double RequestErrorRate { get; init; }

    /// <summary>Fraction (0–1) of records answered with a permanent error line (status_code 400, invalid_request_error).</summary>
    public double PermanentErrorRate { get; init; }

    /// <summary>
    /// Fraction (0–1) of API calls that fail: 500, 503, 429 with Retry-After, or a dropped connection, in equal parts.
    /// A dropped upload is cut mid-body; a dropped POST /v1/batches is dropped after the batch was created
    /// (the client cannot know it exists: the case that must not lead to a second, paid, batch).
    /// </summary>
    public double HttpFaultRate { get; init; }

    /// <summary>Retry-After (seconds) sent with every simulated 429.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>The first N batches created end failed after validation, with no output or error file.</summary>
    public int FailBatches { get; init; }

    /// <summary>
    /// The next N batches (after those failed by <see cref="FailBatches"/>) expire with about half their records done:
    /// the done half in the output/error files, the rest as batch_expired lines in the error file.
    /// </summary>
    public int ExpireBatches { get; init; }

    /// <summary>Output and error lines come out in a different order than the input (within a window of lines).</summary>
    public bool ShuffleOutput { get; init; }

    /// <summary>Added before answering every API call (a slow provider).</summary>
    public TimeSpan ResponseDelay { get; init; }

    /// <summary>Seed for every random choice (record errors, faults, shuffling, ids). Null: a random seed.</summary>
    public int? Seed { get; init; }

    internal SimulatorProfile ResolveProfile() =>
        SimulatorProfile.Find(Profile) ?? throw new ArgumentException(
            $"unknown simulator profile '{Profile}': expected one of {string.Join(", ", SimulatorProfile.All.Select(p => p.Name))}");

    internal void Validate()
    {
        ResolveProfile();
        var problems = new List<string>();
        if (Port is < 0 or > 65535)
        {
            problems.Add($"port {Port} is not between 0 and 65535");
        }
        CheckRate(problems, nameof(RequestErrorRate), RequestErrorRate);
        CheckRate(problems, nameof(PermanentErrorRate), PermanentErrorRate);
        CheckRate(problems, nameof(HttpFaultRate), HttpFaultRate);
        if (RequestErrorRate + PermanentErrorRate > 1)
        {
            problems.Add("RequestErrorRate + PermanentErrorRate must not exceed 1");
        }
        if (FailBatches < 0 || ExpireBatches < 0 || RetryAfterSeconds < 1)
        {
            problems.Add("FailBatches and ExpireBatches must be 0 or more, RetryAfterSeconds 1 or more");
        }
        if (ValidatingDuration < TimeSpan.Zero || InProgressDuration < TimeSpan.Zero || FinalizingDuration < TimeSpan.Zero || ResponseDelay < TimeSpan.Zero)
        {
            problems.Add("durations must not be negative");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid simulator options: " + string.Join("; ", problems));
        }
    }

    private static void CheckRate(List<string> problems, string name, double rate)
    {
        if (double.IsNaN(rate) || rate is < 0 or > 1)
        {
            problems.Add($"{name} {rate} is not a fraction between 0 and 1");
        }
    }
}
