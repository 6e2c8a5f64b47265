namespace RollbackDrill.Bench;

/// <summary>The repository root (the module base: RollbackDrill.psd1 and bin/ after a build), found above the executable.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Manifest => Path.Combine(Root, "RollbackDrill.psd1");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RollbackDrill.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("RollbackDrill.sln not found above " + AppContext.BaseDirectory);
    }
}
