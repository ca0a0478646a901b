using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Results;

/// <summary>One round's succeeded.tsv or final.tsv, read as (seq, kind, line) in seq order.</summary>
internal sealed class MergeSource : IDisposable
{
    public const byte Success = (byte)'S';
    public const byte Error = (byte)'E';
    public const byte Missing = (byte)'M';

    private readonly LineReader _lines;
    private readonly bool _hasKind;
    private int _restStart;

    private MergeSource(string path, bool hasKind)
    {
        Path = path;
        _hasKind = hasKind;
        _lines = LineReader.OpenDirect(path);
    }

    public string Path { get; }

    public long Seq { get; private set; }

    public byte Kind { get; private set; }

    /// <summary>The line as the user gets it (after the seq and kind); valid until the next read.</summary>
    public ReadOnlySpan<byte> Line => _lines.Span[_restStart..];

    public static MergeSource Succeeded(string path) => new(path, hasKind: false);

    public static MergeSource Final(string path) => new(path, hasKind: true);

    public bool MoveNext()
    {
        if (!_lines.ReadLine())
        {
            return false;
        }
        var line = _lines.Span;
        Seq = SeqLine.Parse(line, out _restStart, Path, _lines.LineNumber);
        Kind = Success;
        if (_hasKind)
        {
            if (line.Length < _restStart + 2 || line[_restStart] is not (Error or Missing) || line[_restStart + 1] != (byte)'\t')
            {
                throw new InvalidDataException($"{Path} line {_lines.LineNumber}: expected 'seq<TAB>E|M<TAB>line'.");
            }
            Kind = line[_restStart];
            _restStart += 2;
        }
        return true;
    }

    public void Dispose() => _lines.Dispose();
}
