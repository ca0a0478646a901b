using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Chunks;

/// <summary>
/// Streams the input once: valid records become round-0 chunks, invalid lines go to invalid_input.jsonl
/// with their reason. Running it again on the same layout replaces everything it wrote.
/// </summary>
public static class InputSplitter
{
    public static Task<SplitResult> SplitAsync(string inputPath, BatchInferConfig config, ProviderProfile profile, TaskLayout layout, CancellationToken cancellationToken) =>
        LongRunning.RunAsync(() => Split(inputPath, config, profile, layout, cancellationToken), cancellationToken);

    private static SplitResult Split(string inputPath, BatchInferConfig config, ProviderProfile profile, TaskLayout layout, CancellationToken cancellationToken)
    {
        using var input = InputRecordReader.Open(inputPath, config, profile);
        using var invalidFile = AtomicLineWriter.Create(layout.InvalidInput);
        using var invalid = new InvalidLineWriter(invalidFile);
        using var chunks = new ChunkWriter(layout, round: 0, ChunkLimits.For(config, profile));
        long blank = 0, valid = 0;
        while (input.Read())
        {
            switch (input.Kind)
            {
                case InputLineKind.Blank:
                    blank++;
                    break;
                case InputLineKind.Invalid:
                    invalid.Write(input);
                    break;
                default:
                    chunks.Add(input.Seq, input.CustomId.Json, input.Request);
                    valid++;
                    break;
            }
            if ((input.Seq & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        var written = chunks.Complete();
        invalidFile.Commit();
        return new SplitResult(written, input.Seq, blank, valid, invalidFile.Lines);
    }
}
