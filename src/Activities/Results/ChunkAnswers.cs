using BatchInfer.Activities.Input;
using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Results;

/// <summary>
/// A chunk's downloaded output and error files indexed by record: where each record's success line and
/// last error line sit (file and offset), read back on demand. Memory grows with the chunk, not the input.
/// </summary>
internal sealed class ChunkAnswers : IDisposable
{
    private const int OutputFile = 0;
    private const int ErrorFile = 1;

    private readonly Dictionary<string, int> _byId;
    private readonly Answer[] _answers;
    private readonly SafeFileHandle?[] _files = new SafeFileHandle?[2];
    private byte[] _buffer = new byte[1 << 16];

    private ChunkAnswers(Dictionary<string, int> byId)
    {
        _byId = byId;
        _answers = new Answer[byId.Count];
    }

    /// <summary>Lines matched to no record of the chunk: not JSON, no custom_id, an unknown one, or a second success for a record.</summary>
    public long UnknownLines { get; private set; }

    public TokenUsage Usage { get; private set; } = TokenUsage.Zero;

    public static async Task<ChunkAnswers> LoadAsync(TaskLayout layout, int round, int chunk, CancellationToken cancellationToken)
    {
        var idsPath = layout.ChunkIds(round, chunk);
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var ids = LineReader.Open(idsPath))
        {
            while (await ids.ReadLineAsync(cancellationToken))
            {
                SeqLine.Parse(ids.Span, out var idStart, idsPath, ids.LineNumber);
                if (!byId.TryAdd(CustomId.ToString(ids.Span[idStart..]), byId.Count))
                {
                    throw new InvalidDataException($"{idsPath} line {ids.LineNumber}: custom_id appears twice in one chunk.");
                }
            }
        }
        var answers = new ChunkAnswers(byId);
        try
        {
            await answers.IndexAsync(layout.ChunkOutput(round, chunk), OutputFile, cancellationToken);
            await answers.IndexAsync(layout.ChunkErrors(round, chunk), ErrorFile, cancellationToken);
            return answers;
        }
        catch
        {
            answers.Dispose();
            throw;
        }
    }

    public bool HasSuccess(int record) => _answers[record].Success.IsSet;

    public bool HasError(int record) => _answers[record].Error.IsSet;

    public bool IsPermanentError(int record) => _answers[record].Permanent;

    /// <summary>The record's success line; valid until the next read.</summary>
    public ReadOnlyMemory<byte> ReadSuccess(int record) => Read(_answers[record].Success);

    /// <summary>The record's error line; valid until the next read.</summary>
    public ReadOnlyMemory<byte> ReadError(int record) => Read(_answers[record].Error);

    private async Task IndexAsync(string path, int file, CancellationToken cancellationToken)
    {
        await using var lines = LineReader.OpenIfExists(path);
        if (lines is null)
        {
            return;
        }
        // Synchronous handle: the reads back are small preads of freshly indexed (cached) lines, and an
        // asynchronous one would hand each to the thread pool (measured 8x slower).
        _files[file] = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        while (await lines.ReadLineAsync(cancellationToken))
        {
            Index(lines.Span, new Location(file, lines.LineOffset, lines.Span.Length));
        }
    }

    private void Index(ReadOnlySpan<byte> line, Location location)
    {
        if (line.Trim(" \t"u8).IsEmpty)
        {
            return;
        }
        if (!ProviderLine.TryParse(line, out var parsed) || !_byId.TryGetValue(parsed.CustomId, out var record))
        {
            UnknownLines++;
            return;
        }
        ref var answer = ref _answers[record];
        if (!parsed.IsSuccess)
        {
            answer.Error = location;
            answer.Permanent = parsed.IsPermanentError;
        }
        else if (answer.Success.IsSet)
        {
            UnknownLines++;
        }
        else
        {
            answer.Success = location;
            Usage += new TokenUsage(parsed.PromptTokens, parsed.CompletionTokens, parsed.TotalTokens);
        }
    }

    private ReadOnlyMemory<byte> Read(Location location)
    {
        if (_buffer.Length < location.Length)
        {
            _buffer = new byte[Math.Max(location.Length, _buffer.Length * 2)];
        }
        var handle = _files[location.File]!;
        var read = 0;
        while (read < location.Length)
        {
            var count = RandomAccess.Read(handle, _buffer.AsSpan(read, location.Length - read), location.Offset + read);
            if (count == 0)
            {
                throw new InvalidDataException("A downloaded result file shrank while it was being read.");
            }
            read += count;
        }
        return _buffer.AsMemory(0, location.Length);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file?.Dispose();
        }
    }

    private readonly record struct Location(int File, long Offset, int Length)
    {
        public bool IsSet => Length > 0;
    }

    private struct Answer
    {
        public Location Success;
        public Location Error;
        public bool Permanent;
    }
}
