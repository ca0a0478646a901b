namespace BatchInfer.Activities.Results;

/// <summary>Lines written to output.jsonl, error_retry0.jsonl and missing_records.jsonl.</summary>
public sealed record MergeResult(long Output, long Errors, long Missing);
