namespace RollbackDrill.Engine.Drills;

/// <summary>Where a drill's files go: report paths are relative to the drill file (or the process's directory without one).</summary>
public static class DrillPaths
{
    public static string Report(DrillDefinition drill, DrillReportOutput output)
    {
        ArgumentNullException.ThrowIfNull(drill);
        ArgumentNullException.ThrowIfNull(output);
        var baseDir = drill.SourcePath is { } src ? Path.GetDirectoryName(Path.GetFullPath(src)) : null;
        return baseDir is null ? Path.GetFullPath(output.Path) : Path.GetFullPath(Path.Combine(baseDir, output.Path));
    }
}
