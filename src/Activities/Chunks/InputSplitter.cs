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
    public static async Task<SplitResult> SplitAsync(string inputPath, BatchInferConfig config, ProviderProfile profile, TaskLayout layout, CancellationToken cancellationToken)
    {
        await using var input = InputRecordReader.Open(inputPath, config, profile);
        await using var invalidFile = AtomicLineWriter.Create(layout.InvalidInput);
        using var invalid = new InvalidLineWriter(invalidFile);
        await using var chunks = new ChunkWriter(layout, round: 0, ChunkLimits.For(config, profile));
        long blank = 0, valid = 0;
        while (await input.ReadAsync(cancellationToken))
        {
            switch (input.Kind)
            {
                case InputLineKind.Blank:
                    blank++;
                    break;
                case InputLineKind.Invalid:
                    await invalid.WriteAsync(input, cancellationToken);
                    break;
                default:
                    await chunks.AddAsync(input.Seq, input.CustomId.Json, input.Request, cancellationToken);
                    valid++;
                    break;
            }
        }
        var written = await chunks.CompleteAsync(cancellationToken);
        await invalidFile.CommitAsync(cancellationToken);
        return new SplitResult(written, input.Seq, blank, valid, invalidFile.Lines);
    }
}
