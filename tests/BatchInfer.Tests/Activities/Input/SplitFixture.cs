using System.Text;
using System.Text.Json.Nodes;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Configuration;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Tests.Activities.Input;

/// <summary>A task layout in a fresh temporary directory, with helpers to write inputs and read what the record logic wrote.</summary>
internal sealed class SplitFixture : IDisposable
{
    public SplitFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "batchinfer-records-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Layout = new TaskLayout(Directory, "task-1");
        InputPath = Path.Combine(Directory, "input.jsonl");
    }

    public string Directory { get; }

    public TaskLayout Layout { get; }

    public string InputPath { get; }

    public static BatchInferConfig Config(int linesPerChunk = 1000, int testLines = 0, string messagesKey = "messages", JsonObject? extraBody = null) => new()
    {
        Model = new ModelConfig
        {
            Domain = "test-model",
            Password = "secret",
            MaxTokens = 256,
            MessagesKey = messagesKey,
            ExtraBody = extraBody ?? [],
        },
        LinesPerChunk = linesPerChunk,
        TestLines = testLines,
    };

    public static string Messages(string question) =>
        new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }).ToJsonString();

    public static string Record(string question) => $$"""{"messages":{{Messages(question)}}}""";

    public void WriteInput(params string[] lines) => File.WriteAllText(InputPath, string.Join('\n', lines) + "\n", new UTF8Encoding(false));

    public Task<SplitResult> SplitAsync(BatchInferConfig? config = null, ProviderProfile? profile = null) =>
        InputSplitter.SplitAsync(InputPath, config ?? Config(), profile ?? ProviderProfile.Spark, Layout, CancellationToken.None);

    public static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path, Encoding.UTF8) : [];

    /// <summary>Every request of a round in chunk order, with its .ids line.</summary>
    public List<ChunkedRequest> Requests(int round, IReadOnlyList<ChunkInfo> chunks)
    {
        var all = new List<ChunkedRequest>();
        foreach (var chunk in chunks)
        {
            var ids = Lines(Layout.ChunkIds(round, chunk.Index));
            var requests = Lines(Layout.ChunkRequests(round, chunk.Index));
            Assert.Equal(ids.Length, requests.Length);
            Assert.Equal(chunk.Records, ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                var tab = ids[i].IndexOf('\t', StringComparison.Ordinal);
                all.Add(new ChunkedRequest(long.Parse(ids[i][..tab], System.Globalization.CultureInfo.InvariantCulture), ids[i][(tab + 1)..], requests[i], chunk.Index));
            }
        }
        return all;
    }

    public List<JsonObject> Invalid() => [.. Lines(Layout.InvalidInput).Select(l => JsonNode.Parse(l)!.AsObject())];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; the test result matters more.
        }
    }
}

internal sealed record ChunkedRequest(long Seq, string CustomId, string Request, int Chunk)
{
    public JsonObject Json => JsonNode.Parse(Request)!.AsObject();
}
