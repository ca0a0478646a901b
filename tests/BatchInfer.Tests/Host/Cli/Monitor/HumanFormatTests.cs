using BatchInfer.Host.Cli.Monitor;

namespace BatchInfer.Tests.Host.Cli.Monitor;

public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(42.4, "42s")]
    [InlineData(59.6, "1m 00s")]
    [InlineData(185, "3m 05s")]
    [InlineData(3_720, "1h 02m")]
    [InlineData(86_399, "23h 59m")]
    [InlineData(2 * 86_400 + 3 * 3_600, "2d 03h")]
    [InlineData(-5, "0s")]
    public void Duration_Seconds_TwoUnitsAtMost(double seconds, string expected) =>
        Assert.Equal(expected, HumanFormat.Duration(seconds));

    [Theory]
    [InlineData(null)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Duration_UnknownOrUnbounded_Dash(double? seconds) => Assert.Equal("-", HumanFormat.Duration(seconds));

    [Theory]
    [InlineData(1_234.56, "1,234.6 rec/s")]
    [InlineData(3, "3 rec/s")]
    [InlineData(0.5, "30 rec/min")]
    [InlineData(0.001, "3.6 rec/h")]
    [InlineData(0, "0 rec/s")]
    public void Throughput_Rate_PicksAReadableUnit(double perSecond, string expected) =>
        Assert.Equal(expected, HumanFormat.Throughput(perSecond));

    [Fact]
    public void Throughput_Unknown_Dash() => Assert.Equal("-", HumanFormat.Throughput(null));

    [Theory]
    [InlineData(67.34, "67.3%")]
    [InlineData(130, "100.0%")]
    [InlineData(-1, "0.0%")]
    public void Percent_Value_OneDecimalClamped(double value, string expected) => Assert.Equal(expected, HumanFormat.Percent(value));

    [Fact]
    public void Timestamp_OffsetTime_ShownInUtc() =>
        Assert.Equal("2026-03-14 08:30:00 UTC", HumanFormat.Timestamp(new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.FromHours(1))));
}
