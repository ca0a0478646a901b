using System.Net;
using BatchInfer.Activities.Tasks;

namespace BatchInfer.Activities.Inference;

/// <summary>
/// A file streamed from disk that opens the file afresh every time it is sent, so a retry by the
/// resilience handler resends the whole file and nothing is ever buffered in memory.
/// </summary>
internal sealed class JsonlFileContent : HttpContent
{
    private readonly string _path;

    public JsonlFileContent(string path) => _path = path;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, AtomicFile.BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(stream, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = new FileInfo(_path).Length;
        return true;
    }
}
