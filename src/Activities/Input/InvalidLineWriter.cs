using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Input;

/// <summary>Writes invalid_input.jsonl lines: <c>{"line":N,"custom_id":..|null,"reason":"..","text":"&lt;original line&gt;"}</c>.</summary>
internal sealed class InvalidLineWriter : IDisposable
{
    private readonly AtomicLineWriter _sink;
    private readonly Utf8JsonWriter _json;

    public InvalidLineWriter(AtomicLineWriter sink)
    {
        _sink = sink;
        _json = new Utf8JsonWriter(sink, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public void Write(InputRecordReader record)
    {
        _json.Reset(_sink);
        _json.WriteStartObject();
        _json.WriteNumber("line", record.Seq);
        if (record.HasCustomId)
        {
            _json.WriteString("custom_id", record.CustomId.Text);
        }
        else
        {
            _json.WriteNull("custom_id");
        }
        _json.WriteString("reason", record.Reason);
        var text = record.Line;
        if (Utf8.IsValid(text))
        {
            _json.WriteString("text", text);
        }
        else
        {
            // Invalid bytes cannot go into JSON text; they are shown as U+FFFD.
            _json.WriteString("text", Encoding.UTF8.GetString(text));
        }
        _json.WriteEndObject();
        _json.Flush();
        _sink.EndLine();
    }

    public void Dispose() => _json.Dispose();
}
