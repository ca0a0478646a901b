namespace BatchInfer.Tests;

/// <summary>Locations the tests need: the repository, the real inputs it ships, a fresh working directory.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>A real input the repository ships in examples/data/ (GSM8K, ShareGPT-zh; sources and licences in its README.md).</summary>
    public static string Data(string fileName) => Path.Combine(RepositoryRoot, "examples", "data", fileName);

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
