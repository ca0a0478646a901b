using BatchInfer.Host.Engine.Dispatch;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal static class SqlitePersistenceExtensions
{
    /// <summary>
    /// Stores the engine's state in the SQLite file at <paramref name="databasePath"/>. UsePersistence
    /// calls its factory transiently, so one provider is registered and handed back every time; our code
    /// resolves the same <see cref="SqlitePersistenceProvider"/>. With an <see cref="InstanceDispatcher"/>
    /// registered, every instance the engine loads passes through it (wake-ups, docs/engine.md).
    /// </summary>
    public static WorkflowOptions UseSqlitePersistence(this WorkflowOptions options, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Services.AddSingleton(sp =>
            new SqlitePersistenceProvider(databasePath, sp.GetService<InstanceDispatcher>() is { } dispatcher ? dispatcher.ApplyWake : null));
        options.UsePersistence(sp => sp.GetRequiredService<SqlitePersistenceProvider>());
        return options;
    }
}
