namespace BatchInfer.Tests.EndToEnd;

/// <summary>Property names of the simulator's /_simulator/stats document.</summary>
internal static class SimulatorStatsNames
{
    public const string Duplicates = "duplicates";
    public const string FilesUploaded = "files_uploaded";
    public const string BatchesCreated = "batches_created";
}
