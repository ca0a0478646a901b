using BatchInfer.Host.Persistence;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>Base for tests that need a real store on a fresh temporary file.</summary>
public abstract class SqliteStoreTests : IDisposable
{
    private protected SqliteStoreTests() => Store = Database.OpenStore();

    private protected TempDatabase Database { get; } = new();

    private protected SqlitePersistenceProvider Store { get; }

    public void Dispose()
    {
        Database.Dispose();
        GC.SuppressFinalize(this);
    }
}
