using System.Text.Json;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Results;

/// <summary>A merged file read one line ahead, exposing the head line's custom_id (or its "line" number).</summary>
internal sealed class AccountedFile : IDisposable
{
    private readonly LineReader? _lines;
    private byte[] _id = new byte[256];
    private int _idLength;

    private AccountedFile(string path)
    {
        Name = System.IO.Path.GetFileName(path);
        _lines = LineReader.OpenIfExists(path);
    }

    public string Name { get; }

    public bool Exists => _lines is not null;

    public bool HasLine { get; private set; }

    public long LineNumber => _lines?.LineNumber ?? 0;

    /// <summary>The head line's custom_id as unescaped UTF-8; empty when it has none.</summary>
    public ReadOnlySpan<byte> CustomId => _id.AsSpan(0, _idLength);

    /// <summary>The head line's "line" number (invalid_input.jsonl), or 0.</summary>
    public long InputLine { get; private set; }

    public bool HasCustomId { get; private set; }

    public long Count { get; private set; }

    public static AccountedFile Open(string path)
    {
        var file = new AccountedFile(path);
        file.Advance();
        return file;
    }

    public void Advance()
    {
        HasLine = _lines is not null && _lines.ReadLine();
        if (HasLine)
        {
            Count++;
            ReadHead(_lines!.Span);
        }
    }

    private void ReadHead(ReadOnlySpan<byte> line)
    {
        HasCustomId = false;
        InputLine = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("custom_id"u8);
                var isLine = reader.ValueTextEquals("line"u8);
                reader.Read();
                if (isId && reader.TokenType == JsonTokenType.String)
                {
                    // The property CustomId hides the type's name here.
                    _idLength = Input.CustomId.CopyText(ref reader, ref _id).Length;
                    HasCustomId = true;
                }
                else if (isLine && reader.TokenType == JsonTokenType.Number)
                {
                    InputLine = reader.GetInt64();
                }
                reader.Skip();
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            HasCustomId = false;
        }
    }

    public void Dispose() => _lines?.Dispose();
}
