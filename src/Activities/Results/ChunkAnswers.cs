using BatchInfer.Activities.Lines;
using BatchInfer.Activities.Tasks;
using Microsoft.Win32.SafeHandles;

namespace BatchInfer.Activities.Results;

/// <summary>
/// A chunk's downloaded output and error files indexed by record: where each record's success line and
/// last error line sit (file and offset), read back a window of records at a time. Memory grows with the
/// chunk, not the input.
/// </summary>
internal sealed class ChunkAnswers : IDisposable
{
    private const int OutputFile = 0;
    private const int ErrorFile = 1;

    // The lines of one window of records are held at once; enough for large reads, small against the chunk
    // (8 MB windows rounded up to 16 MB pooled arrays and were a tenth of the peak, measured).
    private const int WindowBytes = 2 << 20;

    private readonly SafeFileHandle?[] _files = new SafeFileHandle?[2];
    private readonly LineGather _gather = new();
    private Answer[] _answers = [];
    private int[] _lineAt = [];
    private long _promptTokens;
    private long _completionTokens;
    private long _totalTokens;

    public ChunkIds Ids { get; } = new();

    /// <summary>Lines matched to no record of the chunk: not JSON, no custom_id, an unknown one, or a second success for a record.</summary>
    public long UnknownLines { get; private set; }

    public TokenUsage Usage => new(_promptTokens, _completionTokens, _totalTokens);

    /// <summary>Indexes a chunk in place of the one before; the arrays are kept for the next chunk.</summary>
    public void Load(TaskLayout layout, int round, int chunk)
    {
        CloseFiles();
        UnknownLines = _promptTokens = _completionTokens = _totalTokens = 0;
        Ids.Load(layout.ChunkIds(round, chunk));
        if (_answers.Length < Ids.Count)
        {
            _answers = new Answer[Ids.Count];
            _lineAt = new int[Ids.Count];
        }
        Array.Clear(_answers, 0, Ids.Count);
        Index(layout.ChunkOutput(round, chunk), OutputFile);
        Index(layout.ChunkErrors(round, chunk), ErrorFile);
    }

    public bool HasSuccess(int record) => _answers[record].Success.IsSet;

    public bool HasError(int record) => _answers[record].Error.IsSet;

    /// <summary>Whether the record's last error is one that retrying cannot fix.</summary>
    public bool HasPermanentError(int record) => HasError(record) && _answers[record].Permanent;

    /// <summary>True when every record succeeded or failed for good: none is retried or missing.</summary>
    public bool AllSettled()
    {
        for (var record = 0; record < Ids.Count; record++)
        {
            if (!HasSuccess(record) && !HasPermanentError(record))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Reads the lines that records <paramref name="first"/> and on need (the success line, else the error line),
    /// up to a window's worth; returns the record after the last one read.
    /// </summary>
    public int LoadWindow(int first)
    {
        _gather.Clear();
        var end = first;
        for (; end < Ids.Count; end++)
        {
            var line = Needed(end);
            if (line.IsSet && end > first && _gather.Bytes + (long)line.Length > WindowBytes)
            {
                break;
            }
            if (line.IsSet)
            {
                _lineAt[end] = _gather.Add(line.File, line.Offset, line.Length);
            }
        }
        _gather.Load(_files);
        return end;
    }

    /// <summary>The record's success line, else its error line; valid until the next <see cref="LoadWindow"/>.</summary>
    public ReadOnlySpan<byte> Line(int record) => _gather.Line(_lineAt[record], Needed(record).Length);

    private Location Needed(int record) => _answers[record].Success.IsSet ? _answers[record].Success : _answers[record].Error;

    private void Index(string path, int file)
    {
        if (!File.Exists(path))
        {
            return;
        }
        _files[file] = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        using var lines = new LineScan<AnswerLine>(path, () => new AnswerInspector(Ids, file));
        while (lines.TryNext(out var line))
        {
            Apply(line);
        }
    }

    // In file order: the first success of a record counts, later ones are unknown lines; the last error counts.
    private void Apply(in AnswerLine line)
    {
        if (line.Record == AnswerLine.Blank)
        {
            return;
        }
        if (line.Record == AnswerLine.Unknown)
        {
            UnknownLines++;
            return;
        }
        ref var answer = ref _answers[line.Record];
        if (!line.Parsed.IsSuccess)
        {
            answer.Error = line.Location;
            answer.Permanent = line.Parsed.IsPermanentError;
        }
        else if (answer.Success.IsSet)
        {
            UnknownLines++;
        }
        else
        {
            answer.Success = line.Location;
            _promptTokens += line.Parsed.PromptTokens;
            _completionTokens += line.Parsed.CompletionTokens;
            _totalTokens += line.Parsed.TotalTokens;
        }
    }

    public void Dispose()
    {
        CloseFiles();
        _gather.Dispose();
    }

    private void CloseFiles()
    {
        for (var i = 0; i < _files.Length; i++)
        {
            _files[i]?.Dispose();
            _files[i] = null;
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

    /// <summary>One provider line, parsed and matched to its record (or <see cref="Unknown"/>, or <see cref="Blank"/>).</summary>
    private readonly record struct AnswerLine(int Record, Location Location, ProviderLine Parsed)
    {
        public const int Unknown = -1;
        public const int Blank = -2;
    }

    private sealed class AnswerInspector(ChunkIds ids, int file) : ILineInspector<AnswerLine>
    {
        private byte[] _idBuffer = new byte[256];

        public AnswerLine Inspect(ReadOnlySpan<byte> line, long offset)
        {
            if (line.Trim(" \t"u8).IsEmpty)
            {
                return new AnswerLine(AnswerLine.Blank, default, default);
            }
            // Find answers -1, which is Unknown, for an id the chunk does not have.
            var record = ProviderLine.TryParse(line, ref _idBuffer, out var parsed, out var customId) ? ids.Find(customId) : AnswerLine.Unknown;
            return new AnswerLine(record, new Location(file, offset, line.Length), parsed);
        }
    }
}
