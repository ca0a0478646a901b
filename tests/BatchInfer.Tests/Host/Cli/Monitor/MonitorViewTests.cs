using BatchInfer.Host.Cli.Monitor;
using Spectre.Console.Testing;

namespace BatchInfer.Tests.Host.Cli.Monitor;

public sealed class MonitorViewTests
{
    [Theory]
    [InlineData("splitting", "splitting the input")]
    [InlineData("running", "eta 2m 03s")]
    [InlineData("merging", "merging the answers")]
    [InlineData("succeeded", "all records answered")]
    [InlineData("finished_with_failures", "missing_records.jsonl")]
    [InlineData("cancelling", "remote batches are being cancelled")]
    [InlineData("cancelled", "unprocessed records are in missing_records.jsonl")]
    [InlineData("blocked", "run the same -pipeline command again")]
    public void ScreenText_EachStatus_NamesItAndSaysWhatItMeans(string status, string expected)
    {
        var task = MonitorSamples.Detail(status);
        if (status == "blocked")
        {
            task = task with { Summary = task.Summary with { BlockedReason = "the provider refused the credential (HTTP 401)" } };
        }

        var text = MonitorView.ScreenText(task, 100);

        Assert.StartsWith($"Task reviews-2026-03  {status}  round 1 of 4", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ScreenText_Blocked_ShowsTheReason()
    {
        var task = MonitorSamples.Detail("blocked");
        task = task with { Summary = task.Summary with { BlockedReason = "the provider refused the credential (HTTP 401)" } };

        var text = MonitorView.ScreenText(task, 100);

        Assert.Contains("blocked   the provider refused the credential (HTTP 401)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ScreenText_RunningTask_ShowsEveryFigure()
    {
        var lines = MonitorView.ScreenText(MonitorSamples.Detail(), 100).Split(Environment.NewLine);

        Assert.Equal("[###########################-------------] 67.3%", lines[1]);
        Assert.Contains("records   50,000 total · 33,610 ok · 12 failed · 0 missing · 16,378 pending · 3 invalid", lines);
        Assert.Contains("chunks    round 1: 2 pending · 1 uploaded · 3 submitted · 4 running · 1 downloading · 39 collected", lines);
        Assert.Contains("speed     133.4 rec/s  eta 2m 03s", lines);
        Assert.Contains("errors    rate_limit_exceeded 10 · server_error 2", lines);
        Assert.Contains("round 1   " + new string('#', 39) + "!rrrrssdu..", lines);
        Assert.Contains("round 2   s", lines);
    }

    [Fact]
    public void ScreenText_AnswersInTheRunningRound_ShownBesideTheSettledCounts()
    {
        var task = MonitorSamples.Detail();
        task = task with { Summary = task.Summary with { Records = task.Summary.Records with { Answered = 4_200 } } };

        var lines = MonitorView.ScreenText(task, 200).Split(Environment.NewLine);

        Assert.Contains("records   50,000 total · 33,610 ok · 12 failed · 0 missing · 16,378 pending · 3 invalid · 4,200 answered this round", lines);
    }

    [Fact]
    public void ScreenText_NarrowWidth_RowsContinueUnderTheirLabelWithoutSplittingAFigure()
    {
        var lines = MonitorView.ScreenText(MonitorSamples.Detail(), 50).Split(Environment.NewLine);

        var records = Array.FindIndex(lines, l => l.StartsWith("records", StringComparison.Ordinal));
        Assert.Equal("records   50,000 total · 33,610 ok · 12 failed", lines[records]);
        Assert.Equal("          0 missing · 16,378 pending · 3 invalid", lines[records + 1]);
        Assert.All(lines, l => Assert.True(l.Length <= 60, l));
    }

    [Fact]
    public void ScreenText_Finished_EtaDoneAndFinishTime()
    {
        var task = MonitorSamples.Detail("succeeded");
        task = task with { Summary = task.Summary with { FinishedAt = MonitorSamples.Started.AddMinutes(7), EtaSeconds = null } };

        var text = MonitorView.ScreenText(task, 100);

        Assert.Contains("eta done", text, StringComparison.Ordinal);
        Assert.Contains("started 2026-03-14 09:30:00 UTC  finished 2026-03-14 09:37:00 UTC", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ScreenText_MarkupCharactersInData_ShownLiterally()
    {
        var task = MonitorSamples.Detail();
        task = task with
        {
            Summary = task.Summary with { ErrorsByCode = new Dictionary<string, long> { ["[weird]"] = 1 } },
        };

        var text = MonitorView.ScreenText(task, 100);

        Assert.Contains("errors    [weird] 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ScreenText_Redirected_HasNoEscapeCodes()
    {
        var text = MonitorView.ScreenText(MonitorSamples.Detail(), 100);

        Assert.DoesNotContain('\u001b', text);
    }

    [Fact]
    public void Screen_OnAnsiTerminal_IsColouredAndSaysTheSame()
    {
        var console = new TestConsole().Width(100).EmitAnsiSequences();
        console.Profile.Capabilities.ColorSystem = Spectre.Console.ColorSystem.TrueColor;

        console.Write(MonitorView.Screen(MonitorSamples.Detail(), 100));

        Assert.Contains('\u001b', console.Output);
        var plain = new TestConsole().Width(100);
        plain.Write(MonitorView.Screen(MonitorSamples.Detail(), 100));
        Assert.Contains("records   50,000 total · 33,610 ok", plain.Output, StringComparison.Ordinal);
        Assert.Contains("legend    . pending", plain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ListText_SeveralTasks_OneAlignedLinePerTask()
    {
        var tasks = new[]
        {
            MonitorSamples.Summary("big", "running"),
            MonitorSamples.Summary("small-one", "succeeded") with { Percent = 100, EtaSeconds = null, Round = 1 },
        };

        var lines = MonitorView.ListText(tasks).TrimEnd().Split(Environment.NewLine);

        Assert.Equal("TASK       STATUS     PERCENT      OK  FAILED  PENDING  ROUND     ETA", lines[0]);
        Assert.Equal("big        running      67.3%  33,610      12   16,378    1/4  2m 03s", lines[1]);
        Assert.Equal("small-one  succeeded   100.0%  33,610      12   16,378    2/4    done", lines[2]);
        Assert.Equal("2 task(s), 1 unfinished", lines[3]);
    }

    [Fact]
    public void ListText_NoTasks_SaysSo() => Assert.Equal("no tasks", MonitorView.ListText([]).TrimEnd());
}
