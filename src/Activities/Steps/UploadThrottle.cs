namespace BatchInfer.Activities.Steps;

/// <summary>
/// Caps concurrent uploads: chunk files reach 100 MB, and a few at a time saturate the link already;
/// more only multiply memory, sockets and timeouts.
/// </summary>
public sealed class UploadThrottle(int slots = 4) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Release(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
