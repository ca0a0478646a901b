using System.Diagnostics;

namespace BatchInfer.Tests.Persistence;

internal static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it yields a value, failing after <paramref name="timeout"/>.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
