using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BatchInfer.Activities.Configuration;

/// <summary>
/// Reads config.yaml with YamlDotNet's deserializer into a <see cref="ConfigDocument"/>: values of the wrong type are
/// reported where they stand, syntax errors with their line, and every key's place is kept for later problems.
/// </summary>
internal sealed class ConfigDocumentReader
{
    private readonly string _text;
    private readonly ProblemCollector _problems;
    private readonly KeyPathParser _parser;
    private readonly UnreadableValues _unreadable;
    private readonly IDeserializer _deserializer;

    public ConfigDocumentReader(string text, ProblemCollector problems)
    {
        _text = text;
        _problems = problems;
        _parser = new KeyPathParser(new Parser(new StringReader(text)));
        _unreadable = new UnreadableValues(_parser, problems);
        _deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            // Unknown keys are reported from the noted places, with a "did you mean".
            .IgnoreUnmatchedProperties()
            .WithDuplicateKeyChecking()
            .WithNodeDeserializer(new TypeCheckingNodeDeserializer(_unreadable), where => where.OnTop())
            .WithNodeDeserializer(new JsonBodyNodeDeserializer(_parser, problems, _unreadable), where => where.OnTop())
            .Build();
    }

    /// <summary>Every key of the file by dotted path, with where it stands.</summary>
    public IReadOnlyDictionary<string, KeyPlace> Keys => _parser.Keys;

    /// <summary>
    /// The document (an empty one for an empty file), or null when the file is not YAML or not a mapping at all;
    /// that one problem has then been recorded.
    /// </summary>
    public ConfigDocument? Read()
    {
        try
        {
            _parser.Consume<StreamStart>();
            var document = _deserializer.Deserialize<ConfigDocument?>(_parser) ?? new ConfigDocument();
            if (_parser.TryConsume<DocumentStart>(out _))
            {
                _problems.Add(string.Empty, _parser.Current!.Start,
                    "only one YAML document is allowed; remove the '---' line and everything after it, or merge the documents");
            }

            return _unreadable.IsDocument ? null : document;
        }
        catch (YamlException ex)
        {
            // Whatever was read before the error says nothing about a file that is not YAML.
            _problems.Clear();
            if (ex.Message.Contains(" tab ", StringComparison.Ordinal) && FirstTabIndentation(ex.Start.Line) is { } tab)
            {
                _problems.Add(string.Empty, tab, "not valid YAML: a tab is used for indentation; indent with spaces");
            }
            else
            {
                _problems.Add(string.Empty, ex.Start, $"not valid YAML: {ex.Message}");
            }

            return null;
        }
    }

    /// <summary>True when the value at <paramref name="key"/>, or the section holding it, could not be read: that is reported already.</summary>
    public bool IsUnreadable(string key) => _unreadable.Contains(key);

    // YamlDotNet reports a tab in the indentation at the start of the enclosing mapping, which
    // can be many lines away; a Windows editor's tab is a common enough mistake to point at exactly.
    private Mark? FirstTabIndentation(long fromLine)
    {
        using var reader = new StringReader(_text);
        var lineNumber = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            var indentation = line.Length - line.TrimStart(' ', '\t').Length;
            var tab = line.IndexOf('\t', 0, indentation);
            if (lineNumber >= fromLine && tab >= 0 && indentation < line.Length && line[indentation] != '#')
            {
                return new Mark(0, lineNumber, tab + 1);
            }
        }

        return null;
    }
}
