using System.Management.Automation;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Reads JSON journals written by Export-DrillReport -Format Json back into DrillReport objects, which render to
/// the same JSON again (and to Markdown, JUnit or HTML). -Path takes wildcards; -LiteralPath binds the PSPath of
/// files piped from Get-ChildItem. A file that cannot be read is a non-terminating error; the others still load.
/// </summary>
[Cmdlet(VerbsData.Import, "DrillReport", DefaultParameterSetName = PathSet)]
[OutputType(typeof(DrillReport))]
public sealed class ImportDrillReportCommand : DrillCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var file in ParameterSetName == LiteralPathSet ? LiteralPath.Select(Literal) : Path.SelectMany(Resolve))
        {
            if (file is not null)
            {
                Import(file);
            }
        }
    }

    private void Import(string file)
    {
        try
        {
            var read = JsonReportReader.Read(ReadText(file), file);
            if (!read.VerdictConsistent)
            {
                WriteWarning($"'{file}' records the verdict '{read.RecordedVerdict}', but its data gives {read.Report.Verdict}: the file was changed after it was written.");
            }

            WriteVerbose($"Imported the report '{read.Report.Title}' ({read.Report.Verdict}) from {file}.");
            WriteObject(read.Report);
        }
        catch (DrillException ex)
        {
            WriteDrillError(ex, file);
        }
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DrillException(ErrorIds.ReportFileUnreadable, DrillErrorKind.PermissionDenied, $"Cannot read the report '{file}': {ex.Message}", file, ex);
        }
    }

    private string? Literal(string path)
    {
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        WriteDrillError(NotFound(full), full);
        return null;
    }

    private IEnumerable<string> Resolve(string path)
    {
        IEnumerable<string> files;
        try
        {
            files = SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _).Where(File.Exists).ToList();
        }
        catch (ItemNotFoundException)
        {
            files = [];
        }

        if (!files.Any())
        {
            WriteDrillError(NotFound(path), path);
        }

        return files;
    }

    private static DrillException NotFound(string path) =>
        new(ErrorIds.ReportFileNotFound, DrillErrorKind.ObjectNotFound, $"No report file matches '{path}'.", path)
        {
            RecommendedAction = "Give the path of a JSON report written by Export-DrillReport -Format Json (use -LiteralPath for names with [ ] characters).",
        };
}
