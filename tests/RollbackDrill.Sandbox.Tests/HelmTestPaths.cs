namespace RollbackDrill.Sandbox.Tests;

/// <summary>Paths for the Helm/scenario tests: the repository root (found from the test binaries).</summary>
internal static class HelmTestPaths
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RollbackDrill.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("RollbackDrill.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Example(string name) => Path.Combine(RepoRoot, "examples", "sandbox", name);
}
