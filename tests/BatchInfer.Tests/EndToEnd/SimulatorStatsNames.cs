namespace BatchInfer.Tests.EndToEnd;

/// <summary>Property names of the simulator's /_simulator/stats document.</summary>
internal static class SimulatorStatsNames
{
    public const string Duplicates = "duplicates";
    public const string FilesUploaded = "files_uploaded";
    public const string BatchesCreated = "batches_created";
    public const string RecordsProcessed = "records_processed";
    public const string BatchesByFinalState = "batches_by_final_state";
}
