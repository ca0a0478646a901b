using System.Reflection;
using WorkflowCore.Interface;
using WorkflowCore.Models;
using WorkflowCore.Services;

namespace BatchInfer.Tests.Host.Persistence;

/// <summary>The contract against WorkflowCore's own in-memory store: the reference for what the engine expects.</summary>
public sealed class MemoryPersistenceProviderContractTests : PersistenceProviderContract
{
    private readonly MemoryPersistenceProvider _provider = new();

    private protected override IPersistenceProvider Subject => _provider;

    // The memory store has no way to read errors back; 3.22.0 keeps them in a private list.
    private protected override Task<IReadOnlyList<ExecutionError>> ReadErrorsAsync(string workflowId)
    {
        var field = typeof(MemoryPersistenceProvider).GetField("_errors", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("MemoryPersistenceProvider no longer has an _errors field.");
        var errors = (List<ExecutionError>)field.GetValue(_provider)!;
        lock (errors)
        {
            return Task.FromResult<IReadOnlyList<ExecutionError>>(errors.Where(x => x.WorkflowId == workflowId).ToList());
        }
    }
}
