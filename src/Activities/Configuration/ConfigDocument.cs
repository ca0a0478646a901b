using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BatchInfer.Activities.Configuration;

/// <summary>Parses the YAML text into its top-level mapping, reporting syntax and shape problems.</summary>
internal static class ConfigDocument
{
    /// <summary>
    /// False when the text is not YAML or its top level is not a mapping (one problem has been recorded).
    /// True otherwise, with <paramref name="root"/> null for an empty file.
    /// </summary>
    public static bool TryLoadRoot(string yamlText, ProblemCollector problems, out YamlMappingNode? root)
    {
        root = null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException ex)
        {
            if (ex.Message.Contains(" tab ", StringComparison.Ordinal) && FirstTabIndentation(yamlText, ex.Start.Line) is { } tab)
            {
                problems.Add(string.Empty, tab, "not valid YAML: a tab is used for indentation; indent with spaces");
            }
            else
            {
                problems.Add(string.Empty, ex.Start, $"not valid YAML: {ex.Message}");
            }

            return false;
        }

        if (stream.Documents.Count == 0)
        {
            return true;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(string.Empty, stream.Documents[1].RootNode,
                "only one YAML document is allowed; remove the '---' line and everything after it, or merge the documents");
        }

        switch (stream.Documents[0].RootNode)
        {
            case YamlMappingNode mapping:
                root = mapping;
                return true;
            case YamlScalarNode scalar when YamlScalar.Resolve(scalar).Kind == ScalarKind.Null:
                return true;
            case var other:
                problems.Add(string.Empty, other,
                    $"expected the file to be a mapping of keys (model:, test_lines:, ...), got {ScalarReader.Describe(other)}");
                return false;
        }
    }

    // YamlDotNet reports a tab in the indentation at the start of the enclosing mapping, which
    // can be many lines away; a Windows editor's tab is a common enough mistake to point at exactly.
    private static Mark? FirstTabIndentation(string yamlText, long fromLine)
    {
        using var reader = new StringReader(yamlText);
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
