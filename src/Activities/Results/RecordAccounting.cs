using System.Globalization;
using System.Text;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Results;

/// <summary>
/// Checks the record-accounting invariant (docs/results.md) on a finished task by streaming: every valid
/// input record is in exactly one of output.jsonl, error_retry0.jsonl and missing_records.jsonl, at its
/// place in input order; no line there belongs to anything else; every invalid line is in
/// invalid_input.jsonl. All four files are in input order, so one pass over the input with one head line
/// per file decides it.
/// Memory is that of reading the input (the duplicate-id hashes), not of the record count.
/// </summary>
public static class RecordAccounting
{
    public const int MaxProblemsListed = 100;

    public static async Task<AccountingReport> CheckAsync(
        string inputPath,
        BatchInferConfig config,
        ProviderProfile profile,
        TaskLayout layout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var problems = new Problems();
        await using var input = InputRecordReader.Open(inputPath, config, profile);
        await using var output = await AccountedFile.OpenAsync(layout.Output, cancellationToken);
        await using var errors = await AccountedFile.OpenAsync(layout.Errors, cancellationToken);
        await using var missing = await AccountedFile.OpenAsync(layout.Missing, cancellationToken);
        await using var invalid = await AccountedFile.OpenAsync(layout.InvalidInput, cancellationToken);
        AccountedFile[] answers = [output, errors, missing];
        foreach (var file in answers.Append(invalid).Where(f => !f.Exists))
        {
            problems.Add($"{file.Name} does not exist");
        }
        long valid = 0, invalidCount = 0;
        while (await input.ReadAsync(cancellationToken))
        {
            if (input.Kind == InputLineKind.Invalid)
            {
                invalidCount++;
                await CheckInvalidAsync(invalid, input.Seq, problems, cancellationToken);
            }
            else if (input.Kind == InputLineKind.Valid)
            {
                valid++;
                await CheckRecordAsync(answers, input, problems, cancellationToken);
            }
        }
        foreach (var file in answers.Append(invalid))
        {
            for (; file.HasLine; await file.AdvanceAsync(cancellationToken))
            {
                problems.Add($"{file.Name} line {file.LineNumber} ({Describe(file)}) belongs to no input record, or is out of input order");
            }
        }
        return new AccountingReport(valid, invalidCount, output.Count, errors.Count, missing.Count, problems.Count, problems.Listed);
    }

    private static async Task CheckRecordAsync(AccountedFile[] answers, InputRecordReader input, Problems problems, CancellationToken cancellationToken)
    {
        var holders = 0;
        AccountedFile? first = null;
        long firstLine = 0;
        string? others = null;
        foreach (var file in answers)
        {
            while (file.HasLine && !file.HasCustomId)
            {
                problems.Add($"{file.Name} line {file.LineNumber} has no custom_id");
                await file.AdvanceAsync(cancellationToken);
            }
            if (file.HasLine && file.CustomId.SequenceEqual(input.CustomId.Text))
            {
                if (holders++ == 0)
                {
                    (first, firstLine) = (file, file.LineNumber);
                }
                else
                {
                    others += $" and {file.Name} line {file.LineNumber}";
                }
                await file.AdvanceAsync(cancellationToken);
            }
        }
        if (holders != 1)
        {
            var where = holders == 0 ? "none of output, errors and missing (at its place in input order)" : $"{first!.Name} line {firstLine}{others}";
            problems.Add($"input line {input.Seq} (custom_id \"{input.CustomId}\") is in {where}");
        }
    }

    private static async Task CheckInvalidAsync(AccountedFile invalid, long seq, Problems problems, CancellationToken cancellationToken)
    {
        if (invalid.HasLine && invalid.InputLine == seq)
        {
            await invalid.AdvanceAsync(cancellationToken);
        }
        else if (invalid.Exists)
        {
            problems.Add($"input line {seq} is invalid but not reported in {invalid.Name}");
        }
    }

    private static string Describe(AccountedFile file) =>
        file.HasCustomId ? $"custom_id \"{Encoding.UTF8.GetString(file.CustomId)}\""
        : file.InputLine > 0 ? "input line " + file.InputLine.ToString(CultureInfo.InvariantCulture)
        : "no custom_id";

    private sealed class Problems
    {
        private readonly List<string> _listed = [];

        public long Count { get; private set; }

        public IReadOnlyList<string> Listed => _listed;

        public void Add(string problem)
        {
            Count++;
            if (_listed.Count < MaxProblemsListed)
            {
                _listed.Add(problem);
            }
        }
    }
}
