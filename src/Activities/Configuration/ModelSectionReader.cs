using YamlDotNet.RepresentationModel;
using Keys = BatchInfer.Activities.Configuration.ConfigKeys;

namespace BatchInfer.Activities.Configuration;

/// <summary>Reads and validates the <c>model:</c> section.</summary>
internal sealed class ModelSectionReader(ConfigSection top, ProblemCollector problems)
{
    private readonly ScalarReader _read = new(problems);

    /// <summary>The password as written in the file, so that problem messages can be scrubbed of it.</summary>
    public string? FilePassword { get; private set; }

    /// <summary>The provider named in the file, or null when it is unknown (already reported).</summary>
    public ProviderProfile? Profile { get; private set; } = ProviderProfile.Spark;

    public ModelConfig? Read(string? passwordOverride)
    {
        var node = top.Get(Keys.Model);
        var mapping = node as YamlMappingNode;
        if (node is not null && mapping is null)
        {
            problems.Add(Keys.Model, node,
                $"expected a mapping of model settings (domain:, password:, max_tokens:, ...), got {ScalarReader.Describe(node)}");
        }

        var section = new ConfigSection(mapping, Keys.ModelPrefix, top.KeyNode(Keys.Model)?.Start, node is null || mapping is not null, problems);
        var domain = RequiredText(section, Keys.Domain);
        var password = ReadPassword(section, passwordOverride);
        var maxTokens = section.Required(Keys.MaxTokens) is { } tokens ? _read.Integer(tokens, section.PathOf(Keys.MaxTokens), 1) : null;
        var messagesKey = OptionalText(section, Keys.MessagesKey);
        var temperature = section.Get(Keys.Temperature) is { } t ? _read.Number(t, section.PathOf(Keys.Temperature), 0, 2) : null;
        var topP = section.Get(Keys.TopP) is { } p ? _read.Number(p, section.PathOf(Keys.TopP), 0, 1) : null;
        var thinking = section.Get(Keys.EnableThinking) is { } e ? _read.Boolean(e, section.PathOf(Keys.EnableThinking)) : null;
        var extraBody = new ExtraBodyConverter(problems).Convert(section.Get(Keys.ExtraBody), section.PathOf(Keys.ExtraBody));
        var baseUrl = ReadBaseUrl(section);
        var provider = ReadProvider(section);
        section.ReportUnknownKeys(Keys.ModelLevel, Keys.TopLevel, string.Empty);

        if (domain is null || password is null || maxTokens is null)
        {
            return null;
        }

        return new ModelConfig
        {
            Domain = domain,
            Password = password,
            MaxTokens = maxTokens.Value,
            MessagesKey = messagesKey ?? "messages",
            Temperature = temperature,
            TopP = topP,
            EnableThinking = thinking,
            ExtraBody = extraBody,
            BaseUrl = baseUrl ?? ModelConfig.DefaultBaseUrl,
            Provider = provider ?? ProviderProfile.Spark.Name,
        };
    }

    private string? ReadPassword(ConfigSection section, string? passwordOverride)
    {
        FilePassword = (section.Get(Keys.Password) as YamlScalarNode)?.Value;

        // The environment wins; whatever the file holds is not used, so it is not judged either.
        return string.IsNullOrWhiteSpace(passwordOverride) ? RequiredText(section, Keys.Password) : passwordOverride;
    }

    private string? RequiredText(ConfigSection section, string key) =>
        section.Required(key) is { } node ? NonEmpty(node, section.PathOf(key)) : null;

    private string? OptionalText(ConfigSection section, string key) =>
        section.Get(key) is { } node ? NonEmpty(node, section.PathOf(key)) : null;

    private string? NonEmpty(YamlNode node, string path)
    {
        var text = _read.Text(node, path);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            problems.Add(path, node, "must not be empty");
            return null;
        }

        return text;
    }

    private string? ReadBaseUrl(ConfigSection section)
    {
        var path = section.PathOf(Keys.BaseUrl);
        if (section.Get(Keys.BaseUrl) is not { } node || NonEmpty(node, path) is not { } text)
        {
            return null;
        }

        text = text.Trim();
        if (string.Equals(text, ModelConfig.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase))
        {
            return ModelConfig.SimulatorBaseUrl;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add(path, node, $"expected an absolute http:// or https:// URL, or the word simulator, got {ScalarReader.Quote(text)}");
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            // Not quoted: the user part may well be a credential.
            problems.Add(path, node, "must not contain a user name or password; put the credential in model.password");
            return null;
        }

        // Request paths are appended as "{base_url}/files", so a trailing slash would double up.
        return text.TrimEnd('/');
    }

    private string? ReadProvider(ConfigSection section)
    {
        var path = section.PathOf(Keys.Provider);
        if (section.Get(Keys.Provider) is not { } node || NonEmpty(node, path) is not { } text)
        {
            return null;
        }

        Profile = ProviderProfile.Find(text.Trim());
        if (Profile is not null)
        {
            return Profile.Name;
        }

        var names = ProviderProfile.All.Select(p => p.Name).ToList();
        var close = KeySuggestions.Closest(text.Trim(), names);
        var hint = close is null ? string.Empty : $"; did you mean {close}?";
        problems.Add(path, node, $"unknown provider {ScalarReader.Quote(text)}, expected one of {string.Join(", ", names)}{hint}");
        return null;
    }
}
