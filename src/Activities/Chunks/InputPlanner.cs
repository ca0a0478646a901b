using System.Text.RegularExpressions;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Chunks;

/// <summary>
/// What a task would do with an input, before anything is written or sent: the same reading, validation and chunk
/// boundaries as <see cref="InputSplitter"/>, counted instead of written. Streams the input; memory stays flat.
/// </summary>
public static partial class InputPlanner
{
    public const int SamplesKept = 5;

    /// <param name="progress">told the plan so far every <see cref="ProgressEvery"/> lines, for a preview that fills in</param>
    public static Task<InputPlan> PlanAsync(
        string inputPath, BatchInferConfig config, ProviderProfile profile, IProgress<InputPlan>? progress, CancellationToken cancellationToken) =>
        LongRunning.RunAsync(() => Plan(inputPath, config, profile, progress, cancellationToken), cancellationToken);

    public const int ProgressEvery = 1 << 16;

    private static InputPlan Plan(string inputPath, BatchInferConfig config, ProviderProfile profile, IProgress<InputPlan>? progress, CancellationToken cancellationToken)
    {
        var limits = ChunkLimits.For(config, profile);
        var plan = new Counting(limits);
        using var input = InputRecordReader.Open(inputPath, config, profile);
        while (input.Read())
        {
            switch (input.Kind)
            {
                case InputLineKind.Blank:
                    plan.Blank++;
                    break;
                case InputLineKind.Invalid:
                    plan.AddInvalid(input.Seq, input.Reason!);
                    break;
                default:
                    plan.AddValid(input.Request.Length + 1L);
                    break;
            }
            if ((input.Seq & (ProgressEvery - 1)) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(plan.Snapshot(input.Seq, complete: false));
            }
        }
        return plan.Snapshot(input.Seq, complete: true);
    }

    /// <summary>A reason with its particulars (numbers, quoted ids) taken out, so that lines failing the same way group together.</summary>
    public static string KindOf(string reason) => Number().Replace(Quoted().Replace(reason, "\"…\""), "N");

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    private sealed class Counting(ChunkLimits limits)
    {
        private readonly Dictionary<string, long> _invalidByKind = new(StringComparer.Ordinal);
        private readonly List<InvalidLineSample> _samples = [];
        private int _chunks;
        private int _records;
        private long _bytes;
        private long _valid;
        private long _requestBytes;
        private long _invalid;

        public long Blank { get; set; }

        public void AddValid(long size)
        {
            if (_chunks == 0 || limits.StartsNewChunk(_records, _bytes, size))
            {
                _chunks++;
                _records = 0;
                _bytes = 0;
            }
            _records++;
            _bytes += size;
            _valid++;
            _requestBytes += size;
        }

        public void AddInvalid(long line, string reason)
        {
            _invalid++;
            var kind = KindOf(reason);
            _invalidByKind[kind] = _invalidByKind.GetValueOrDefault(kind) + 1;
            if (_samples.Count < SamplesKept)
            {
                _samples.Add(new InvalidLineSample(line, reason));
            }
        }

        public InputPlan Snapshot(long lines, bool complete) => new(
            lines, Blank, _valid, _invalid, new Dictionary<string, long>(_invalidByKind), [.. _samples], _chunks, _requestBytes,
            limits.MaxRecords, limits.MaxBytes, complete);
    }
}

/// <summary>The plan of an input: its lines by kind, invalid ones by reason with the first few, and the chunks of round 0 under the limits applied.</summary>
/// <param name="Complete">false while the input is still being read (a preview so far)</param>
public sealed record InputPlan(
    long Lines,
    long Blank,
    long Valid,
    long Invalid,
    IReadOnlyDictionary<string, long> InvalidByReason,
    IReadOnlyList<InvalidLineSample> InvalidSamples,
    int Chunks,
    long RequestBytes,
    int MaxRecordsPerChunk,
    long MaxBytesPerChunk,
    bool Complete);

public sealed record InvalidLineSample(long Line, string Reason);
