using System.Management.Automation;
using RollbackDrill.Engine.Drills;
using RollbackDrill.Infrastructure;

namespace RollbackDrill.Commands;

/// <summary>
/// Parses and validates drill files without touching a cluster. Returns the parsed drill, or writes one error per
/// mistake (file, line, column, field); with -Quiet returns only $true or $false.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "DrillFile")]
[OutputType(typeof(DrillDefinition), typeof(bool))]
public sealed class TestDrillFileCommand : DrillCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var item in Path)
        {
            var path = GetUnresolvedProviderPathFromPSPath(item);
            if (!Quiet.IsPresent && !File.Exists(path))
            {
                WriteDrillError(
                    new DrillException(ErrorIds.DrillFileNotFound, DrillErrorKind.ObjectNotFound, $"There is no drill file at '{path}'.", path)
                    {
                        RecommendedAction = "Check the path; examples/drills holds sample drill files.",
                    });
                continue;
            }

            try
            {
                var drill = DrillFileParser.ParseFile(path);
                WriteObject(Quiet.IsPresent ? true : drill);
            }
            catch (DrillFileException e)
            {
                if (Quiet.IsPresent)
                {
                    WriteObject(false);
                    continue;
                }

                foreach (var error in e.Errors)
                {
                    WriteDrillError(
                        new DrillException(ErrorIds.DrillFileInvalid, DrillErrorKind.InvalidData, error.ToString(), error)
                        {
                            RecommendedAction = "Fix the field named in the message; see Get-Help about_RollbackDrill_DrillFiles.",
                        },
                        error);
                }
            }
        }
    }
}
