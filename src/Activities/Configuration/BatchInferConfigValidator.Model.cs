using Keys = BatchInfer.Activities.Configuration.ConfigKeys;

namespace BatchInfer.Activities.Configuration;

/// <summary>The rules of the <c>model:</c> section.</summary>
public sealed partial class BatchInferConfigValidator
{
    private static readonly Dictionary<string, string> s_toolOwnedBodyKeys = new(StringComparer.Ordinal)
    {
        ["model"] = "is set by the tool from model.domain; remove it from extra_body",
        ["messages"] = "is set by the tool from each input line (model.messages_key); remove it from extra_body",
    };

    /// <returns>The provider's profile, or null when the provider is unknown (already reported).</returns>
    private static ProviderProfile? CheckModel(ModelConfig model, List<ConfigProblem> problems)
    {
        Required(problems, Keys.Domain, !string.IsNullOrWhiteSpace(model.Domain));
        // The password is only ever judged present or not: nothing about it may reach a message.
        Required(problems, Keys.Password, !string.IsNullOrWhiteSpace(model.Password));
        if (Required(problems, Keys.MaxTokens, model.MaxTokens.HasValue))
        {
            AtLeast(problems, Keys.ModelPrefix + Keys.MaxTokens, model.MaxTokens!.Value, 1);
        }

        NotEmpty(problems, Keys.MessagesKey, model.MessagesKey);
        if (model.Temperature is { } temperature)
        {
            Between(problems, Keys.ModelPrefix + Keys.Temperature, temperature, 0, 2);
        }

        if (model.TopP is { } topP)
        {
            Between(problems, Keys.ModelPrefix + Keys.TopP, topP, 0, 1);
        }

        foreach (var (key, reason) in s_toolOwnedBodyKeys)
        {
            if (model.ExtraBody.ContainsKey(key))
            {
                problems.Add(Problem($"{Keys.ModelPrefix}{Keys.ExtraBody}.{key}", reason, ConfigProblemKind.Key));
            }
        }

        CheckBaseUrl(model.BaseUrl, problems);
        return CheckProvider(model.Provider, problems);
    }

    private static void CheckBaseUrl(string? baseUrl, List<ConfigProblem> problems)
    {
        const string key = Keys.ModelPrefix + Keys.BaseUrl;
        if (!NotEmpty(problems, Keys.BaseUrl, baseUrl) || baseUrl == ModelConfig.SimulatorBaseUrl)
        {
            return;
        }

        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add(Problem(key, $"expected an absolute http:// or https:// URL, or the word simulator, got {ConfigProblem.Quote(baseUrl!)}"));
        }
        else if (uri.UserInfo.Length > 0)
        {
            // Not quoted: the user part may well be a credential.
            problems.Add(Problem(key, "must not contain a user name or password; put the credential in model.password"));
        }
    }

    private static ProviderProfile? CheckProvider(string? provider, List<ConfigProblem> problems)
    {
        if (!NotEmpty(problems, Keys.Provider, provider))
        {
            return null;
        }

        if (ProviderProfile.Find(provider!) is { } profile)
        {
            return profile;
        }

        var names = ProviderProfile.All.Select(p => p.Name).ToList();
        var hint = KeySuggestions.Closest(provider!.Trim(), names) is { } close ? $"; did you mean {close}?" : string.Empty;
        problems.Add(Problem(Keys.ModelPrefix + Keys.Provider,
            $"unknown provider {ConfigProblem.Quote(provider)}, expected one of {string.Join(", ", names)}{hint}"));
        return null;
    }

    private static bool Required(List<ConfigProblem> problems, string modelKey, bool given)
    {
        if (!given)
        {
            problems.Add(Problem(Keys.ModelPrefix + modelKey, RequiredMessage, ConfigProblemKind.Missing));
        }

        return given;
    }

    private static bool NotEmpty(List<ConfigProblem> problems, string modelKey, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        problems.Add(Problem(Keys.ModelPrefix + modelKey, "must not be empty"));
        return false;
    }
}
