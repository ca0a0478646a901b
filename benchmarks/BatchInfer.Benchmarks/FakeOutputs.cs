using System.Text;
using BatchInfer.Activities.Chunks;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Benchmarks;

/// <summary>Fabricates a success output file for every chunk (lines in reverse order, as providers promise no order).</summary>
internal static class FakeOutputs
{
    private const string Tail =
        "\",\"response\":{\"status_code\":200,\"request_id\":\"req\",\"body\":{\"id\":\"chatcmpl\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Natalia sold 48/2 = 24 clips in May. Natalia sold 48+24 = 72 clips altogether in April and May. #### 72\"},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":80,\"completion_tokens\":40,\"total_tokens\":120}}},\"error\":null}\n";

    public static async Task<long> WriteAsync(TaskLayout layout, IReadOnlyList<ChunkInfo> chunks)
    {
        long total = 0;
        foreach (var chunk in chunks)
        {
            var ids = new List<string>(chunk.Records);
            foreach (var line in File.ReadLines(layout.ChunkIds(chunk.Round, chunk.Index)))
            {
                ids.Add(line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..]);
            }
            var path = layout.ChunkOutput(chunk.Round, chunk.Index);
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20))
            {
                for (var i = ids.Count - 1; i >= 0; i--)
                {
                    await writer.WriteAsync("{\"id\":\"batch_req_" + ids[i] + "\",\"custom_id\":\"" + ids[i] + Tail);
                }
            }
            total += new FileInfo(path).Length;
        }
        return total;
    }
}
