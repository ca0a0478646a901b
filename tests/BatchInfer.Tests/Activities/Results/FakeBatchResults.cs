using System.Text.Json.Nodes;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Tasks;
using BatchInfer.Tests.Activities.Input;

namespace BatchInfer.Tests.Activities.Results;

public enum FakeAnswer
{
    None,
    Success101,
    Success200,
    NoChoices200,
    ServerError500,
    InvalidRequest400,
    NotFound404,
    RateLimited429,
    Expired,
}

/// <summary>Writes what a provider would have returned for a round's chunks: shuffled output and error files.</summary>
internal static class FakeBatchResults
{
    public static string SuccessLine(string customId, int status, int round) => new JsonObject
    {
        ["id"] = $"batch_req_{customId}_{round}",
        ["custom_id"] = customId,
        ["response"] = new JsonObject
        {
            ["status_code"] = status,
            ["request_id"] = "req",
            ["body"] = new JsonObject
            {
                ["choices"] = new JsonArray(new JsonObject { ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = $"answer to {customId} in round {round}" } }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 3, ["completion_tokens"] = 5, ["total_tokens"] = 8 },
            },
        },
        ["error"] = null,
    }.ToJsonString();

    public static string ErrorLine(string customId, int status, string type, int round) => new JsonObject
    {
        ["id"] = $"batch_req_{customId}_{round}",
        ["custom_id"] = customId,
        ["response"] = new JsonObject
        {
            ["status_code"] = status,
            ["body"] = new JsonObject { ["error"] = new JsonObject { ["message"] = $"{type} in round {round}", ["type"] = type } },
        },
        ["error"] = null,
    }.ToJsonString();

    public static string ExpiredLine(string customId, int round) => new JsonObject
    {
        ["id"] = $"batch_req_{customId}_{round}",
        ["custom_id"] = customId,
        ["response"] = null,
        ["error"] = new JsonObject { ["code"] = "batch_expired", ["message"] = $"expired in round {round}" },
    }.ToJsonString();

    /// <summary>The line a provider gives for an answer, and whether it lands in the output file (else the error file).</summary>
    public static (string Line, bool InOutput)? Line(FakeAnswer answer, string customId, int round) => answer switch
    {
        FakeAnswer.Success101 => (SuccessLine(customId, 101, round), true),
        FakeAnswer.Success200 => (SuccessLine(customId, 200, round), true),
        FakeAnswer.NoChoices200 => (ErrorLine(customId, 200, "empty", round), true),
        FakeAnswer.ServerError500 => (ErrorLine(customId, 500, "server_error", round), false),
        FakeAnswer.InvalidRequest400 => (ErrorLine(customId, 400, "invalid_request_error", round), false),
        FakeAnswer.NotFound404 => (ErrorLine(customId, 404, "not_found_error", round), false),
        FakeAnswer.RateLimited429 => (ErrorLine(customId, 429, "rate_limit_error", round), false),
        FakeAnswer.Expired => (ExpiredLine(customId, round), false),
        _ => null,
    };

    /// <summary>
    /// Writes each chunk's output and error files from <paramref name="decide"/> (seq, custom_id, chunk),
    /// shuffled; a file with no lines is not written, like a batch that produced none.
    /// </summary>
    public static void Write(SplitFixture fixture, int round, IReadOnlyList<ChunkInfo> chunks, Func<long, string, int, FakeAnswer> decide, Random random, IReadOnlyList<string>? extraOutputLines = null)
    {
        foreach (var chunk in chunks)
        {
            var output = new List<string>(chunk.Index == 0 ? extraOutputLines ?? [] : []);
            var errors = new List<string>();
            foreach (var request in fixture.Requests(round, [chunk]))
            {
                var customId = (string)request.Json["custom_id"]!;
                if (Line(decide(request.Seq, customId, chunk.Index), customId, round) is { } answer)
                {
                    (answer.InOutput ? output : errors).Add(answer.Line);
                }
            }
            WriteShuffled(fixture.Layout.ChunkOutput(round, chunk.Index), output, random);
            WriteShuffled(fixture.Layout.ChunkErrors(round, chunk.Index), errors, random);
        }
    }

    private static void WriteShuffled(string path, List<string> lines, Random random)
    {
        if (lines.Count == 0)
        {
            File.Delete(path);
            return;
        }
        var shuffled = lines.ToArray();
        random.Shuffle(shuffled);
        File.WriteAllText(path, string.Join('\n', shuffled) + "\n");
    }
}
