namespace BatchInfer.Host.Persistence;

/// <summary>The workflow store's DDL, one entry per schema version; never edit a released step, add one.</summary>
internal static class WorkflowSchema
{
    public const string Component = "workflow_store";

    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE IF NOT EXISTS wf_workflows (
            id TEXT NOT NULL PRIMARY KEY,
            definition_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            description TEXT NULL,
            reference TEXT NULL,
            status INTEGER NOT NULL,
            next_execution INTEGER NULL,
            create_time TEXT NOT NULL,
            complete_time TEXT NULL,
            data TEXT NULL,
            execution_pointers TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wf_workflows_next_execution ON wf_workflows (next_execution);
        CREATE INDEX IF NOT EXISTS ix_wf_workflows_reference ON wf_workflows (definition_id, reference);
        CREATE INDEX IF NOT EXISTS ix_wf_workflows_status_complete_time ON wf_workflows (status, complete_time);

        CREATE TABLE IF NOT EXISTS wf_events (
            id TEXT NOT NULL PRIMARY KEY,
            event_name TEXT NOT NULL,
            event_key TEXT NULL,
            event_data TEXT NULL,
            event_time TEXT NOT NULL,
            is_processed INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wf_events_name_key ON wf_events (event_name, event_key);
        CREATE INDEX IF NOT EXISTS ix_wf_events_processed_time ON wf_events (is_processed, event_time);

        CREATE TABLE IF NOT EXISTS wf_subscriptions (
            id TEXT NOT NULL PRIMARY KEY,
            workflow_id TEXT NOT NULL,
            step_id INTEGER NOT NULL,
            execution_pointer_id TEXT NULL,
            event_name TEXT NOT NULL,
            event_key TEXT NULL,
            subscribe_as_of TEXT NOT NULL,
            subscription_data TEXT NULL,
            external_token TEXT NULL,
            external_worker_id TEXT NULL,
            external_token_expiry TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wf_subscriptions_name_key ON wf_subscriptions (event_name, event_key);
        CREATE INDEX IF NOT EXISTS ix_wf_subscriptions_workflow ON wf_subscriptions (workflow_id);

        CREATE TABLE IF NOT EXISTS wf_errors (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            workflow_id TEXT NULL,
            execution_pointer_id TEXT NULL,
            error_time TEXT NOT NULL,
            message TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_wf_errors_workflow ON wf_errors (workflow_id);

        CREATE TABLE IF NOT EXISTS wf_scheduled_commands (
            id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
            command_name TEXT NOT NULL,
            data TEXT NOT NULL,
            execute_time INTEGER NOT NULL,
            UNIQUE (command_name, data)
        );
        CREATE INDEX IF NOT EXISTS ix_wf_scheduled_commands_execute_time ON wf_scheduled_commands (execute_time);
        """,
    ];
}
