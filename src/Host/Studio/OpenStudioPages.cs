using Microsoft.AspNetCore.Components.Server.Circuits;

namespace BatchInfer.Host.Studio;

/// <summary>
/// Counts the Studio pages open on this daemon (live circuits). The daemon does not stop for idleness while someone has
/// the Studio open: the page would lose its daemon under the reader's eyes.
/// </summary>
internal sealed class OpenStudioPages : CircuitHandler
{
    private int _open;

    public int Count => Volatile.Read(ref _open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }
}
