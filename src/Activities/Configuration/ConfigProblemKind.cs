namespace BatchInfer.Activities.Configuration;

/// <summary>What a <see cref="ConfigProblem"/> is about, so that a file's loader can point at the key or at its value.</summary>
public enum ConfigProblemKind
{
    /// <summary>The key's value is wrong.</summary>
    Value,

    /// <summary>The key itself is not allowed there.</summary>
    Key,

    /// <summary>A required key is missing or has no value.</summary>
    Missing,
}
