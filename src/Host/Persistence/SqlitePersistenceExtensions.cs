using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Models;

namespace BatchInfer.Host.Persistence;

internal static class SqlitePersistenceExtensions
{
    /// <summary>
    /// Stores the engine's state in the SQLite file at <paramref name="databasePath"/>. UsePersistence
    /// calls its factory transiently, so one provider is created here and handed back every time; the
    /// same instance is registered so our code can resolve <see cref="SqlitePersistenceProvider"/>.
    /// </summary>
    public static WorkflowOptions UseSqlitePersistence(this WorkflowOptions options, string databasePath)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = new SqlitePersistenceProvider(databasePath);
        options.Services.AddSingleton(provider);
        options.UsePersistence(_ => provider);
        return options;
    }
}
