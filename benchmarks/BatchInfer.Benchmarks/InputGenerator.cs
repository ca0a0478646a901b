namespace BatchInfer.Benchmarks;

/// <summary>Writes an input of at least the given size by repeating a real file's lines.</summary>
internal static class InputGenerator
{
    public static async Task<(long Bytes, long Lines)> WriteAsync(string source, string destination, long targetBytes)
    {
        var sample = await File.ReadAllBytesAsync(source);
        if (sample.Length == 0 || sample[^1] != (byte)'\n')
        {
            sample = [.. sample, (byte)'\n'];
        }
        var linesPerCopy = sample.AsSpan().Count((byte)'\n');
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        long bytes = 0, lines = 0;
        while (bytes < targetBytes)
        {
            await output.WriteAsync(sample);
            bytes += sample.Length;
            lines += linesPerCopy;
        }
        return (bytes, lines);
    }
}
