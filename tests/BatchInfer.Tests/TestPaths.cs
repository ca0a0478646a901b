namespace BatchInfer.Tests;

/// <summary>Locations the tests need: the repository, the shared real data, a fresh working directory.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>shared/ lies beside the checkout (DESIGN.md's data/ folder).</summary>
    public static string SharedData(string fileName) =>
        Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data", fileName));

    public static string NewWorkDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "batch_infer_tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BatchInfer.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("BatchInfer.sln not found above " + AppContext.BaseDirectory);
    }
}
