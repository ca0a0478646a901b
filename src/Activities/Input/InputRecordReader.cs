using System.Globalization;
using System.Text;
using System.Text.Json;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Lines;

namespace BatchInfer.Activities.Input;

internal enum InputLineKind
{
    Blank,
    Invalid,
    Valid,
}

/// <summary>
/// Reads an input file line by line and classifies each physical line (honouring test_lines): blank,
/// invalid with a reason, or a valid record with its custom_id and request line. Everything it exposes
/// is valid until the next <see cref="Read"/>. The splitter and the accounting check share it, so
/// both see the same records. What depends on the line alone (<see cref="InputLineCheck"/>) is worked out on
/// all cores a few MB ahead; custom_ids, limits and duplicates are decided here, in line order.
/// </summary>
internal sealed class InputRecordReader : IDisposable
{
    private readonly string _path;
    private readonly LineReader _lines;
    private readonly LineScan<InputLineCheck> _checks;
    private readonly long _lineLimit;
    private readonly byte[] _messagesKey;
    private readonly string _messagesKeyName;
    private readonly RequestTemplate _template;
    private readonly ProviderProfile _profile;
    private readonly CustomIdRegistry _registry = new();
    private readonly CustomId _customId = new();
    private JsonSlice _messages;
    private Range _sentAsIs;
    private bool _isBatchFormat;

    private InputRecordReader(string path, BatchInferConfig config, ProviderProfile profile)
    {
        _path = path;
        _lines = LineReader.Open(path);
        _lineLimit = config.TestLines > 0 ? config.TestLines : long.MaxValue;
        _messagesKeyName = config.Model.MessagesKey;
        _messagesKey = Encoding.UTF8.GetBytes(_messagesKeyName);
        _template = new RequestTemplate(config.Model);
        _profile = profile;
        _checks = new LineScan<InputLineCheck>(path, () => new InputLineCheck.Inspector(_messagesKey));
    }

    public static InputRecordReader Open(string path, BatchInferConfig config, ProviderProfile profile) => new(path, config, profile);

    public InputLineKind Kind { get; private set; }

    /// <summary>The 1-based physical line number.</summary>
    public long Seq => _lines.LineNumber;

    /// <summary>The whole original line, without its line ending.</summary>
    public ReadOnlySpan<byte> Line => _lines.Span;

    public string? Reason { get; private set; }

    /// <summary>True when the line's custom_id is known (every valid line, and invalid ones that got that far).</summary>
    public bool HasCustomId { get; private set; }

    public CustomId CustomId => _customId;

    /// <summary>The request line of a valid record.</summary>
    public RequestLine Request => _isBatchFormat
        ? new RequestLine(_lines.Span[_sentAsIs])
        : new RequestLine(_template, _customId.Json, _messages.Of(_lines.Span));

    public bool Read()
    {
        if (_lines.LineNumber >= _lineLimit || !_lines.ReadLine())
        {
            return false;
        }
        Reason = null;
        HasCustomId = false;
        _isBatchFormat = false;
        if (!_checks.TryNext(out var check) || check.Offset != _lines.LineOffset)
        {
            throw new InvalidDataException($"{_path} changed while it was being read (line {Seq}).");
        }
        Kind = Classify(_lines.Span, check);
        return true;
    }

    private InputLineKind Classify(ReadOnlySpan<byte> line, in InputLineCheck check)
    {
        if (check.IsBlank)
        {
            return InputLineKind.Blank;
        }
        if (check.Reason is { } notAnObject)
        {
            return Invalid(notAnObject);
        }
        var fields = check.Fields;
        if (ReadCustomId(line, fields.CustomId) is { } badId)
        {
            return Invalid(badId);
        }
        long bodyBytes;
        if (fields.IsBatchFormat)
        {
            if (fields.Body.Type != JsonTokenType.StartObject)
            {
                return Invalid($"batch-format line: body is a {InputLineParser.Describe(fields.Body.Type)}, expected an object");
            }
            bodyBytes = fields.Body.Length;
            var start = line.Length - line.TrimStart(InputLineCheck.JsonWhitespace).Length;
            _sentAsIs = start..(line.TrimEnd(InputLineCheck.JsonWhitespace).Length);
            _isBatchFormat = true;
        }
        else
        {
            if (!fields.Messages.IsPresent)
            {
                return Invalid($"messages_key \"{_messagesKeyName}\" is missing");
            }
            if (fields.Messages.Type != JsonTokenType.StartArray)
            {
                return Invalid($"\"{_messagesKeyName}\" is a {InputLineParser.Describe(fields.Messages.Type)}, expected an array");
            }
            bodyBytes = _template.BodyOverhead + (long)fields.Messages.Length;
            _messages = fields.Messages;
        }
        if (_profile.MaxBodyBytes is { } maxBody && bodyBytes > maxBody)
        {
            return Invalid($"request body is {bodyBytes} bytes, over the {_profile.Name} limit of {maxBody} bytes per request body");
        }
        var requestBytes = Request.Length + 1L;
        if (requestBytes > _profile.MaxFileBytes)
        {
            return Invalid($"request line is {requestBytes} bytes, over the {_profile.Name} limit of {_profile.MaxFileBytes} bytes per file");
        }
        var firstUse = fields.CustomId.IsPresent
            ? _registry.RegisterExplicit(_customId.Text, Seq)
            : _registry.RegisterImplicit(Seq);
        if (firstUse > 0)
        {
            return Invalid($"duplicate custom_id \"{_customId}\": line {firstUse.ToString(CultureInfo.InvariantCulture)} already uses it");
        }
        return InputLineKind.Valid;
    }

    private string? ReadCustomId(ReadOnlySpan<byte> line, JsonSlice slice)
    {
        if (!slice.IsPresent)
        {
            _customId.SetLineNumber(Seq);
        }
        else if (slice.Type != JsonTokenType.String)
        {
            return $"custom_id is a {InputLineParser.Describe(slice.Type)}, expected a string";
        }
        else if (!_customId.TrySetExplicit(slice.Of(line), slice.IsEscaped))
        {
            return "custom_id has an escape that is not valid text (a lone surrogate)";
        }
        HasCustomId = true;
        return null;
    }

    private InputLineKind Invalid(string reason)
    {
        Reason = reason;
        _isBatchFormat = false;
        return InputLineKind.Invalid;
    }

    public void Dispose()
    {
        _checks.Dispose();
        _lines.Dispose();
    }
}
