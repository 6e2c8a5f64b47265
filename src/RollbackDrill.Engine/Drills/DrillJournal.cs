using System.Text.Json;
using System.Text.Json.Serialization;

namespace RollbackDrill.Engine.Drills;

/// <summary>
/// Writes a drill's journal (DrillResult) as JSON, atomically (a temp file renamed over the old one), so the file on
/// disk is always a complete journal of the phases finished so far, even if the drill is killed mid-phase.
/// </summary>
public static class DrillJournal
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(DrillResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, Options);
    }

    public static void Write(DrillResult result, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = Serialize(result);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp");
        File.WriteAllText(temp, json);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The default journal file: next to the drill's first report, else in <paramref name="fallbackDirectory"/>.</summary>
    public static string DefaultPath(DrillDefinition drill, DateTimeOffset startedAt, string fallbackDirectory)
    {
        ArgumentNullException.ThrowIfNull(drill);
        var dir = drill.Reports.Count > 0 ? Path.GetDirectoryName(DrillPaths.Report(drill, drill.Reports[0])) ?? fallbackDirectory : fallbackDirectory;
        return Path.Combine(dir, $"{drill.Name}-{startedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.journal.json");
    }
}
