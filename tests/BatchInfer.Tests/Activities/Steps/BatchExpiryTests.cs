using BatchInfer.Activities.Steps;

namespace BatchInfer.Tests.Activities.Steps;

public sealed class BatchExpiryTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void At_ProviderSaysWhen_ThatTime()
    {
        var told = Created.AddHours(5);

        Assert.Equal(told, BatchExpiry.At(Created, told, "24h"));
    }

    [Theory]
    [InlineData("24h", 24)]
    [InlineData("336h", 336)]
    public void At_ProviderSilent_CreationPlusTheCompletionWindow(string window, int hours)
    {
        Assert.Equal(Created.AddHours(hours), BatchExpiry.At(Created, providerExpiresAt: null, window));
    }
}
