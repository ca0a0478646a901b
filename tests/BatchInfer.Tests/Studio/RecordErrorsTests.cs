using BatchInfer.Host.Studio;

namespace BatchInfer.Tests.Studio;

public sealed class RecordErrorsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"record-errors-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public async Task OfFileAsync_GroupsByCode_LargestFirst_FirstSamplesWithLineNumbers()
    {
        File.WriteAllLines(_path,
        [
            Expired("a"), Invalid("b"), Expired("c"), Expired("d"), Expired("e"), "", Invalid("f"), Expired("g"),
        ]);

        var groups = await new RecordErrors().OfFileAsync(_path, CancellationToken.None);

        Assert.Equal(["batch_expired", "invalid_value"], groups.Select(g => g.Code));
        Assert.Equal([5L, 2L], groups.Select(g => g.Count));
        Assert.Equal([("a", 1L), ("c", 3L), ("d", 4L)], groups[0].Samples.Select(s => (s.CustomId, s.Line)));
        Assert.Equal([("b", 2L), ("f", 7L)], groups[1].Samples.Select(s => (s.CustomId, s.Line)));
    }

    [Fact]
    public async Task OfFileAsync_FileChanged_ReadAgain()
    {
        var errors = new RecordErrors();
        File.WriteAllLines(_path, [Expired("a")]);
        var first = await errors.OfFileAsync(_path, CancellationToken.None);
        File.WriteAllLines(_path, [Expired("a"), Invalid("b")]);

        var second = await errors.OfFileAsync(_path, CancellationToken.None);

        Assert.Single(first);
        Assert.Equal(2, second.Count);
    }

    [Fact]
    public async Task OfFileAsync_NoFile_NoGroups()
    {
        Assert.Empty(await new RecordErrors().OfFileAsync(_path, CancellationToken.None));
    }

    public void Dispose() => File.Delete(_path);

    private static string Expired(string id) =>
        "{\"custom_id\":\"" + id + "\",\"response\":null,\"error\":{\"code\":\"batch_expired\",\"message\":\"expired\"}}";

    private static string Invalid(string id) =>
        "{\"custom_id\":\"" + id + "\",\"response\":{\"status_code\":400,\"body\":{\"error\":{\"message\":\"bad\",\"code\":\"invalid_value\"}}},\"error\":null}";
}
