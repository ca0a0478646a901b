using System.Globalization;
using System.Text;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
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

    public static Task<AccountingReport> CheckAsync(
        string inputPath,
        BatchInferConfig config,
        ProviderProfile profile,
        TaskLayout layout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return LongRunning.RunAsync(() => Check(inputPath, config, profile, layout), cancellationToken);
    }

    private static AccountingReport Check(string inputPath, BatchInferConfig config, ProviderProfile profile, TaskLayout layout)
    {
        var problems = new Problems();
        using var input = InputRecordReader.Open(inputPath, config, profile);
        using var output = AccountedFile.Open(layout.Output);
        using var errors = AccountedFile.Open(layout.Errors);
        using var missing = AccountedFile.Open(layout.Missing);
        using var invalid = AccountedFile.Open(layout.InvalidInput);
        AccountedFile[] answers = [output, errors, missing];
        foreach (var file in answers.Append(invalid).Where(f => !f.Exists))
        {
            problems.Add($"{file.Name} does not exist");
        }
        long valid = 0, invalidCount = 0;
        while (input.Read())
        {
            if (input.Kind == InputLineKind.Invalid)
            {
                invalidCount++;
                CheckInvalid(invalid, input.Seq, problems);
            }
            else if (input.Kind == InputLineKind.Valid)
            {
                valid++;
                CheckRecord(answers, input, problems);
            }
        }
        foreach (var file in answers.Append(invalid))
        {
            for (; file.HasLine; file.Advance())
            {
                problems.Add($"{file.Name} line {file.LineNumber} ({Describe(file)}) belongs to no input record, or is out of input order");
            }
        }
        return new AccountingReport(valid, invalidCount, output.Count, errors.Count, missing.Count, problems.Count, problems.Listed);
    }

    private static void CheckRecord(AccountedFile[] answers, InputRecordReader input, Problems problems)
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
                file.Advance();
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
                file.Advance();
            }
        }
        if (holders != 1)
        {
            var where = holders == 0 ? "none of output, errors and missing (at its place in input order)" : $"{first!.Name} line {firstLine}{others}";
            problems.Add($"input line {input.Seq} (custom_id \"{input.CustomId}\") is in {where}");
        }
    }

    private static void CheckInvalid(AccountedFile invalid, long seq, Problems problems)
    {
        if (invalid.HasLine && invalid.InputLine == seq)
        {
            invalid.Advance();
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
