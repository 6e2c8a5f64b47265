using System.Management.Automation;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Writes a DrillReport as Markdown, JSON, JUnit XML or self-contained HTML. The file is written atomically
/// (temporary file + rename), an existing file is replaced only with -Force, and -WhatIf writes nothing.
/// </summary>
[Cmdlet(VerbsData.Export, "DrillReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDrillReportCommand : DrillCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public DrillReport? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The format; defaults to the one the file extension implies (.md, .json, .xml, .html).</summary>
    [Parameter]
    public ReportFormat? Format { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var format = Format ?? ReportRenderer.FormatFromPath(path);
        if (format is null)
        {
            WriteDrillError(
                new DrillException(
                    ErrorIds.ReportFormatUnknown,
                    DrillErrorKind.InvalidArgument,
                    $"Cannot tell the report format from '{path}'. Use -Format Markdown, Json, JUnit or Html, or a .md, .json, .xml or .html file name.",
                    path),
                path);
            return;
        }

        if (!Force && File.Exists(path))
        {
            WriteExistsError(path);
            return;
        }

        if (!ShouldProcess(path, $"Write {format} drill report"))
        {
            return;
        }

        try
        {
            var content = ReportRenderer.Render(InputObject, format.Value);
            var file = ReportFileWriter.Write(path, content, overwrite: Force.IsPresent);
            WriteVerbose($"Wrote the {format} report '{InputObject.Title}' to {file.FullName} ({file.Length} bytes).");
            if (PassThru)
            {
                WriteObject(file);
            }
        }
        catch (DrillException ex) when (ex.ErrorId == ErrorIds.ReportFileExists)
        {
            WriteExistsError(path);
        }
        catch (DrillException ex)
        {
            WriteDrillError(ex, path);
        }
    }

    private void WriteExistsError(string path)
    {
        var ex = new DrillException(ErrorIds.ReportFileExists, DrillErrorKind.InvalidOperation, $"The report file '{path}' already exists. Use -Force to replace it.", path)
        {
            RecommendedAction = "Choose another -Path or add -Force.",
        };
        var record = new ErrorRecord(ex, ex.ErrorId, ErrorCategory.ResourceExists, path)
        {
            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction },
        };
        WriteError(record);
    }
}
