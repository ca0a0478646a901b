using BatchInfer.Simulator;

namespace BatchInfer.Tests.Simulator;

public sealed class ProcessedIdsTests
{
    [Theory]
    [InlineData("1")]
    [InlineData("200000")]
    [InlineData("r17")]
    [InlineData("99999999999")]
    [InlineData("0")]
    public void Add_SameIdTwice_TrueThenFalse(string customId)
    {
        var ids = new ProcessedIds();

        Assert.True(ids.Add(customId));
        Assert.False(ids.Add(customId));
    }

    [Fact]
    public void Add_IdsThatLookAlike_EachCountedOnce()
    {
        var ids = new ProcessedIds();
        string[] distinct = ["7", "07", "70", "7 ", "-7", "x7", "134217728", "134217727"];

        Assert.All(distinct, id => Assert.True(ids.Add(id)));
        Assert.All(distinct, id => Assert.False(ids.Add(id)));
    }

    [Fact]
    public void Add_AMillionLineNumbers_NoneSeenTwice()
    {
        var ids = new ProcessedIds();

        var firstTime = Enumerable.Range(1, 1_000_000).Count(i => ids.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(1_000_000, firstTime);
        Assert.False(ids.Add("500000"));
    }
}
