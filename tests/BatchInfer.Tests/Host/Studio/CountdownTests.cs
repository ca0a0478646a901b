using BatchInfer.Host.Engine;
using BatchInfer.Host.Studio.Components.Parts;

namespace BatchInfer.Tests.Host.Studio;

/// <summary>The words of the chunk drawer's countdowns and facts, at fixed moments.</summary>
public sealed class CountdownTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(23 * 3600 + 12 * 60 + 59, "23 h 12 min")]
    [InlineData(3600, "1 h 0 min")]
    [InlineData(12 * 60 + 30, "12 min")]
    [InlineData(61, "1 min")]
    [InlineData(60, "60 s")]
    [InlineData(41.2, "42 s")]
    [InlineData(0.3, "1 s")]
    public void Left_Ahead_WholeMinutesDownAboveAMinuteSecondsUpBelow(double seconds, string expected)
    {
        Assert.Equal(expected, Countdown.Left(Now.AddSeconds(seconds), Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-90)]
    public void Left_ComeOrPast_Null(double seconds)
    {
        Assert.Null(Countdown.Left(Now.AddSeconds(seconds), Now));
    }

    [Theory]
    [InlineData(3 * 3600 + 25.5, 25.5)]
    [InlineData(120, 60)]
    [InlineData(59.5, 0.5)]
    [InlineData(42, 1)]
    public void NextChange_Ahead_WhenTheWordsChange(double seconds, double expected)
    {
        var until = Now.AddSeconds(seconds);
        var change = Countdown.NextChange(until, Now)!.Value;

        Assert.Equal(TimeSpan.FromSeconds(expected), change);
        Assert.NotEqual(Countdown.Left(until, Now), Countdown.Left(until, Now + change + TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void NextChange_Past_Null()
    {
        Assert.Null(Countdown.NextChange(Now.AddSeconds(-1), Now));
    }

    [Fact]
    public void Expiry_AheadAndPast_CountdownThenExpired()
    {
        Assert.Equal("expires in 23 h 12 min", ChunkFacts.Expiry(Now.AddMinutes(23 * 60 + 12.5), Now));
        Assert.Equal("expired", ChunkFacts.Expiry(Now.AddSeconds(-1), Now));
    }

    [Theory]
    [InlineData(0, 3, "1 of 4")]
    [InlineData(3, 3, "4 of 4")]
    [InlineData(4, 3, "5 (an operator's retry; max_retry_count allows 4)")]
    public void Attempt_RoundAgainstMaxRetryCount(int round, int maxRound, string expected)
    {
        Assert.Equal(expected, ChunkFacts.Attempt(round, maxRound));
    }

    [Fact]
    public void NextRun_EachStateOfTheWorkflow_SaysWhen()
    {
        var at = Now.AddSeconds(25);

        Assert.Equal($"{BatchInfer.Host.Studio.Components.Parts.Figures.Time(at, utc: true)} (in 25 s)", ChunkFacts.NextRun(new ChunkRun(ChunkRun.Sleeping, at, 0), Now, utc: true));
        Assert.EndsWith("(due)", ChunkFacts.NextRun(new ChunkRun(ChunkRun.Sleeping, at, 0), at, utc: true), StringComparison.Ordinal);
        Assert.Equal("now", ChunkFacts.NextRun(new ChunkRun(ChunkRun.Due, null, 0), Now, utc: true));
        Assert.Equal("none: its workflow is complete", ChunkFacts.NextRun(new ChunkRun("complete", null, 0), Now, utc: true));
        Assert.Equal("–", ChunkFacts.NextRun(null, Now, utc: true));
    }

    [Fact]
    public void FailedCalls_NoneOrSome()
    {
        Assert.Equal("none", ChunkFacts.FailedCalls(new ChunkRun(ChunkRun.Due, null, 0)));
        Assert.Equal("3 in a row; tried again after a capped backoff", ChunkFacts.FailedCalls(new ChunkRun(ChunkRun.Sleeping, Now, 3)));
    }
}
