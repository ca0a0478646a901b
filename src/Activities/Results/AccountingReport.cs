namespace BatchInfer.Activities.Results;

/// <summary>
/// The result of checking the record-accounting invariant (docs/results.md) over a finished task.
/// <see cref="Problems"/> lists the first <see cref="RecordAccounting.MaxProblemsListed"/> of <see cref="ProblemCount"/>.
/// </summary>
public sealed record AccountingReport(
    long ValidRecords,
    long InvalidRecords,
    long InOutput,
    long InErrors,
    long InMissing,
    long ProblemCount,
    IReadOnlyList<string> Problems)
{
    public bool IsConsistent => ProblemCount == 0;
}
