using System.Net;
using System.Net.Sockets;
using System.Text;

namespace BatchInfer.Tests.Activities.Inference;

/// <summary>
/// A loopback HTTP/1.1 listener that keeps the bytes of each request exactly as they arrived (no HTTP stack in between
/// to normalise them) and answers with a fixed JSON body. For wire-format tests only.
/// </summary>
internal sealed class RawHttpRecorder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _answer;

    public RawHttpRecorder(string answerJson)
    {
        _answer = answerJson;
        _listener.Start();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    /// <summary>Accepts one connection and records its one request.</summary>
    public async Task<RawRequest> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var head = await ReadHeadAsync(stream, cancellationToken);
        var lines = Encoding.ASCII.GetString(head).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .ToLookup(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (headers["Expect"].Contains("100-continue", StringComparer.OrdinalIgnoreCase))
        {
            await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), cancellationToken);
        }
        var body = headers["Content-Length"].FirstOrDefault() is { } length
            ? await ReadExactlyAsync(stream, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture), cancellationToken)
            : [];
        var answer = Encoding.UTF8.GetBytes(_answer);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n"), cancellationToken);
        await stream.WriteAsync(answer, cancellationToken);
        return new RawRequest(lines[0], headers, body);
    }

    private static async Task<byte[]> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new IOException("the connection closed inside the request head");
            }
            head.Add(one[0]);
        }
        return [.. head];
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return body;
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <param name="RequestLine">e.g. <c>POST /v1/files HTTP/1.1</c></param>
internal sealed record RawRequest(string RequestLine, ILookup<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers[name].Single();

    /// <summary>The multipart boundary as the Content-Type header gives it.</summary>
    public string Boundary => Header("Content-Type").Split("boundary=", 2)[1];

    /// <summary>The body with this request's boundary replaced, so that two senders' forms compare byte for byte.</summary>
    public byte[] BodyWithBoundary(string replacement) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace(Boundary, replacement, StringComparison.Ordinal));
}
