using System.Management.Automation;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Writes a DrillReport as Markdown, JSON, JUnit XML, self-contained HTML, or through a user's Scriban template
/// (-Template). The file is written atomically (temporary file + rename), an existing file is replaced only with
/// -Force, and -WhatIf writes nothing.
/// </summary>
[Cmdlet(VerbsData.Export, "DrillReport", SupportsShouldProcess = true, DefaultParameterSetName = FormatSet)]
[OutputType(typeof(FileInfo))]
public sealed class ExportDrillReportCommand : DrillCmdlet
{
    private const string FormatSet = "Format";
    private const string TemplateSet = "Template";
    private TemplateReportRenderer? template;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public DrillReport? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The format; defaults to the one the file extension implies (.md, .json, .xml, .html).</summary>
    [Parameter(ParameterSetName = FormatSet)]
    public ReportFormat? Format { get; set; }

    /// <summary>A Scriban template file rendered with the (redacted) report, e.g. a team's incident template.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TemplateSet)]
    [ValidateNotNullOrEmpty]
    public string? Template { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (Template is not null)
        {
            var templatePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Template);
            try
            {
                template = TemplateReportRenderer.Load(templatePath);
            }
            catch (DrillException ex)
            {
                ThrowDrillError(ex, templatePath);
            }
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        var format = Format ?? ReportRenderer.FormatFromPath(path);
        if (template is null && format is null)
        {
            WriteDrillError(
                new DrillException(
                    ErrorIds.ReportFormatUnknown,
                    DrillErrorKind.InvalidArgument,
                    $"Cannot tell the report format from '{path}'. Use -Format Markdown, Json, JUnit or Html, a .md, .json, .xml or .html file name, or -Template.",
                    path),
                path);
            return;
        }

        var what = template is null ? $"Write {format} drill report" : $"Write drill report from template '{template.Name}'";
        if (!Force && File.Exists(path))
        {
            WriteExistsError(path);
            return;
        }

        if (!ShouldProcess(path, what))
        {
            return;
        }

        try
        {
            var content = template?.Render(InputObject, CancellationToken) ?? ReportRenderer.Render(InputObject, format!.Value);
            var file = ReportFileWriter.Write(path, content, overwrite: Force.IsPresent);
            WriteVerbose($"Wrote the report '{InputObject.Title}' to {file.FullName} ({file.Length} bytes) {(template is null ? $"as {format}" : $"from template {template.Name}")}.");
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
        catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    private void WriteExistsError(string path)
    {
        var ex = new DrillException(ErrorIds.ReportFileExists, DrillErrorKind.InvalidOperation, $"The report file '{path}' already exists. Use -Force to replace it.", path)
        {
            RecommendedAction = "Choose another -Path or add -Force.",
        };
        WriteError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.ResourceExists, path) { ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = ex.RecommendedAction } });
    }
}
