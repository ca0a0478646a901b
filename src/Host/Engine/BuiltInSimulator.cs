using BatchInfer.Simulator;

namespace BatchInfer.Host.Engine;

/// <summary>The in-process simulator behind <c>base_url: simulator</c>, started the first time a task needs it.</summary>
internal sealed class BuiltInSimulator : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SimulatorServer? _server;

    public async Task<string> BaseUrlAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _server ??= await SimulatorServer.StartAsync(new SimulatorOptions(), cancellationToken);
            return _server.BaseUrl.ToString();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        _gate.Dispose();
    }
}
