using BatchInfer.Activities.Configuration;

namespace BatchInfer.Tests.Activities.Configuration;

public sealed partial class ConfigLoaderTests
{
    private const string Secret = "sk-s3cr3t-VALUE-42";

    [Fact]
    public void Parse_PasswordOverride_ReplacesFilePassword()
    {
        var result = Parse(Minimal, passwordOverride: Secret);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(Secret, result.Config!.Model.Password);
    }

    [Fact]
    public void Parse_PasswordOverrideAndNoPasswordInFile_IsValid()
    {
        var result = Parse("model:\n  domain: test\n  max_tokens: 5\n", passwordOverride: Secret);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(Secret, result.Config!.Model.Password);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Parse_BlankPasswordOverride_StillRequiresPassword(string passwordOverride)
    {
        var problem = Single(Parse("model:\n  domain: test\n  max_tokens: 5\n", passwordOverride));

        Assert.Equal("model.password", problem.Key);
    }

    [Theory]
    [InlineData("  password: [" + Secret + "]\n")]
    [InlineData("  password:\n    value: " + Secret + "\n")]
    [InlineData("  password: " + Secret + "\n  temperature: " + Secret + "\n")]
    [InlineData("  password: " + Secret + "\n  " + Secret + ": 1\n")]
    [InlineData("  password: \"" + Secret + "\n")]
    [InlineData("  password: " + Secret + "\n  extra_body: [" + Secret + "]\n")]
    public void Parse_PasswordNearMistakes_NeverAppearsInMessages(string passwordLines)
    {
        var result = Parse("model:\n  domain: test\n  max_tokens: 5\n" + passwordLines);

        Assert.NotEmpty(result.Problems);
        Assert.All(result.Problems, p => Assert.DoesNotContain(Secret, p.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_OverridePasswordQuotedElsewhere_NeverAppearsInMessages()
    {
        var result = Parse(Minimal + $"\n  provider: {Secret}", passwordOverride: Secret);

        var problem = Single(result);
        Assert.DoesNotContain(Secret, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ModelConfig_ToString_DoesNotShowPassword()
    {
        var result = Parse(Minimal, passwordOverride: Secret);

        Assert.DoesNotContain(Secret, result.Config!.ToString(), StringComparison.Ordinal);
    }
}
