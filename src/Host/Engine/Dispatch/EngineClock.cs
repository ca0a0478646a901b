using WorkflowCore.Interface;

namespace BatchInfer.Host.Engine.Dispatch;

/// <summary>
/// WorkflowCore's clock read from the one <see cref="TimeProvider"/> the steps, the scheduler and the dispatcher use,
/// so that a test's fake time moves the engine's sleeps (next execution times) too.
/// </summary>
internal sealed class EngineClock(TimeProvider time) : IDateTimeProvider
{
    public DateTime Now => time.GetUtcNow().LocalDateTime;

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
}
