using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Input;

/// <summary>
/// A request line about to be written: an input line sent as is (batch format), or the template's fixed
/// parts around a custom_id and a messages array, copied straight into the chunk file.
/// </summary>
internal readonly ref struct RequestLine
{
    private readonly RequestTemplate? _template;
    private readonly ReadOnlySpan<byte> _customIdJson;
    private readonly ReadOnlySpan<byte> _content;

    /// <summary>A line written as it is.</summary>
    public RequestLine(ReadOnlySpan<byte> line) => _content = line;

    public RequestLine(RequestTemplate template, ReadOnlySpan<byte> customIdJson, ReadOnlySpan<byte> messages)
    {
        _template = template;
        _customIdJson = customIdJson;
        _content = messages;
    }

    /// <summary>Bytes of the line, without its newline.</summary>
    public long Length => _template?.LineLength(_customIdJson.Length, _content.Length) ?? _content.Length;

    public void WriteTo(AtomicLineWriter writer)
    {
        if (_template is null)
        {
            writer.Write(_content);
        }
        else
        {
            _template.Write(writer, _customIdJson, _content);
        }
    }
}
