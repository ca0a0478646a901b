using System.Text;

namespace BatchInfer.Simulator.Storage;

/// <summary>Reading a stored JSONL file line by line.</summary>
internal static class LineFile
{
    // The default 4 KB buffer made every few lines a read of its own, each handed to the thread pool.
    private const int Buffer = 1 << 16;

    public static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, Buffer, FileOptions.SequentialScan), Encoding.UTF8,
            detectEncodingFromByteOrderMarks: true, Buffer);
}
