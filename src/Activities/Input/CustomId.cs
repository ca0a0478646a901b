using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BatchInfer.Activities.Input;

/// <summary>
/// A record's custom_id in two forms: its text (unescaped UTF-8, what ids are compared and hashed on)
/// and its JSON string content (what request lines and .ids files carry). The JSON form never holds a
/// raw tab, newline, quote or backslash, so it is safe in a tab-separated line.
/// </summary>
internal sealed class CustomId
{
    private static readonly JsonWriterOptions EscapeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _json = new(256);
    private byte[] _text = new byte[256];
    private int _textLength;
    private Utf8JsonWriter? _escaper;

    public ReadOnlySpan<byte> Text => _text.AsSpan(0, _textLength);

    public ReadOnlySpan<byte> Json => _json.WrittenSpan;

    public void SetLineNumber(long seq)
    {
        Utf8Formatter.TryFormat(seq, _text, out _textLength);
        _json.ResetWrittenCount();
        _json.Write(Text);
    }

    /// <summary>Takes a JSON string's content as it appears in a line; false when its escapes do not make valid text.</summary>
    public bool TrySetExplicit(ReadOnlySpan<byte> content, bool isEscaped)
    {
        _json.ResetWrittenCount();
        if (!isEscaped)
        {
            EnsureText(content.Length);
            content.CopyTo(_text);
            _textLength = content.Length;
            _json.Write(content);
            return true;
        }
        if (!TryUnescape(content))
        {
            return false;
        }
        _escaper ??= new Utf8JsonWriter(_json, EscapeOptions);
        _escaper.Reset(_json);
        _escaper.WriteStringValue(Text);
        _escaper.Flush();
        // Keep the content only: drop the quotes the writer put around it.
        var written = _json.WrittenSpan[1..^1].ToArray();
        _json.ResetWrittenCount();
        _json.Write(written);
        return true;
    }

    /// <summary>
    /// The id's text (unescaped UTF-8) from its JSON string content, in <paramref name="json"/> itself when it
    /// has no escapes, else in <paramref name="buffer"/>.
    /// </summary>
    public static ReadOnlySpan<byte> TextOf(ReadOnlySpan<byte> json, ref byte[] buffer)
    {
        if (json.IndexOf((byte)'\\') < 0)
        {
            return json;
        }
        var reader = QuotedReader(json);
        return CopyText(ref reader, ref buffer);
    }

    /// <summary>
    /// The text (unescaped UTF-8) of the string the reader is on, copied into <paramref name="buffer"/>, which
    /// grows to fit: the escaped form is never shorter than the text.
    /// </summary>
    public static ReadOnlySpan<byte> CopyText(scoped ref Utf8JsonReader reader, ref byte[] buffer)
    {
        if (buffer.Length < reader.ValueSpan.Length)
        {
            buffer = new byte[reader.ValueSpan.Length];
        }
        return buffer.AsSpan(0, reader.CopyString(buffer));
    }

    public override string ToString() => Encoding.UTF8.GetString(Text);

    private bool TryUnescape(ReadOnlySpan<byte> content)
    {
        var reader = QuotedReader(content);
        EnsureText(content.Length);
        try
        {
            _textLength = reader.CopyString(_text);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // A reader on the string token that the content makes between quotes.
    private static Utf8JsonReader QuotedReader(ReadOnlySpan<byte> content)
    {
        var quoted = new byte[content.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        content.CopyTo(quoted.AsSpan(1));
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader;
    }

    private void EnsureText(int length)
    {
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }
    }
}
