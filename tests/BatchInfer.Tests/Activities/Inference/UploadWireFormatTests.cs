using System.Diagnostics;
using System.Text;
using BatchInfer.Activities.Inference;
using Microsoft.Extensions.DependencyInjection;

namespace BatchInfer.Tests.Activities.Inference;

/// <summary>An upload's raw bytes are the ones curl sends for the same form (docs/providers.md, "Wire format").</summary>
public sealed class UploadWireFormatTests : IDisposable
{
    private const string FileName = "p-r0-c00002.jsonl";
    private const string Answer = """{"id":"file-abc","object":"file","bytes":1,"created_at":1,"filename":"p-r0-c00002.jsonl","purpose":"batch"}""";

    private readonly string _directory = Directory.CreateTempSubdirectory("batch-infer-wire-").FullName;

    [Fact]
    public async Task UploadFileAsync_SameFormAsCurl_BodyIdenticalByteForByteAndLengthDeclared()
    {
        // A chunk with non-ASCII text and a quote, as real chunks have.
        var path = Path.Combine(_directory, FileName);
        await File.WriteAllTextAsync(path,
            "{\"custom_id\":\"r1\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"你好 \\\"world\\\"\"}]}}\n" +
            "{\"custom_id\":\"r2\",\"body\":{\"messages\":[{\"role\":\"user\",\"content\":\"2+2?\"}]}}\n", new UTF8Encoding(false));

        var fromCurl = await RecordAsync(url => RunCurlAsync(url, path));
        var fromUs = await RecordAsync(async url =>
        {
            await using var services = new ServiceCollection().AddBatchApi().BuildServiceProvider();
            var api = services.GetRequiredService<IBatchApiFactory>().Create(new BatchEndpoint(url, "sk-wire", "openai"));
            Assert.Equal("file-abc", await api.UploadFileAsync(path, FileName, CancellationToken.None));
        });

        Assert.Equal("POST /v1/files HTTP/1.1", fromUs.RequestLine);
        Assert.Equal(Encoding.UTF8.GetString(fromCurl.BodyWithBoundary("BOUNDARY")), Encoding.UTF8.GetString(fromUs.BodyWithBoundary("BOUNDARY")));
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"p-r0-c00002.jsonl\"\r\nContent-Type: application/octet-stream\r\n",
            Encoding.UTF8.GetString(fromUs.Body), StringComparison.Ordinal);
        // The boundary unquoted, as curl writes it; the length declared, not chunked.
        Assert.Equal($"multipart/form-data; boundary={fromUs.Boundary}", fromUs.Header("Content-Type"));
        Assert.DoesNotContain('"', fromUs.Boundary);
        Assert.Equal(fromUs.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), fromUs.Header("Content-Length"));
        Assert.Empty(fromUs.Headers["Transfer-Encoding"]);
        Assert.Matches(@"^batch_infer/\d+\.\d+\.\d+$", fromUs.Header("User-Agent"));
        Assert.Equal("Bearer sk-wire", fromUs.Header("Authorization"));
    }

    private static async Task<RawRequest> RecordAsync(Func<string, Task> send)
    {
        await using var recorder = new RawHttpRecorder(Answer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = recorder.ReceiveAsync(timeout.Token);
        await send(recorder.BaseUrl);
        return await received;
    }

    private static async Task RunCurlAsync(string baseUrl, string path)
    {
        var curl = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-sS", "--fail", "-H", "Authorization: Bearer sk-wire", "-F", "purpose=batch", "-F", $"file=@{path}", $"{baseUrl}/files" })
        {
            curl.ArgumentList.Add(argument);
        }
        using var process = Process.Start(curl)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"curl failed: {await error}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
