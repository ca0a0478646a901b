using BatchInfer.Host.Persistence;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace BatchInfer.Tests.Host.Persistence;

public sealed class SqlitePersistenceProviderContractTests : PersistenceProviderContract, IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly SqlitePersistenceProvider _provider;

    public SqlitePersistenceProviderContractTests() => _provider = _database.OpenStore();

    private protected override IPersistenceProvider Subject => _provider;

    private protected override Task<IReadOnlyList<ExecutionError>> ReadErrorsAsync(string workflowId) =>
        _provider.GetErrorsAsync(workflowId, CancellationToken.None);

    public void Dispose() => _database.Dispose();
}
