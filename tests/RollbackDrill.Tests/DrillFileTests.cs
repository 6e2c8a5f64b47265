using System.Management.Automation;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

public sealed class DrillFileTests
{
    [Fact]
    public void ExampleDrillsParseIntoDrillObjects()
    {
        using var ps = new ModuleRunspace();
        var r = ps.Invoke("Get-ChildItem $args[0] -Filter *.drill.yaml | Sort-Object Name | Test-DrillFile", Path.Combine(RepoPaths.Root, "examples", "drills"));
        Assert.Empty(r.AllErrors);
        Assert.Equal(["embeddings-rto", "videokit-monthly"], r.Output.Select(o => o.Str("Name")));
        Assert.All(r.Output, o => Assert.Contains("RollbackDrill.DrillDefinition", o.TypeNames));
        Assert.Equal("prod-eu-west-1-admin", r.Output[1].Str("Context"));
    }

    [Fact]
    public void EveryMistakeIsOneErrorWithLineAndField()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rbd-{Guid.NewGuid():N}.drill.yaml");
        File.WriteAllText(file, """
            apiVersion: rollbackdrill/v1
            kind: Dril
            metadata:
              name: broken
            spec:
              environment: staging
              context: kind-sandbox
              namespace: Video_Kit
              groups:
                - releases:
                    - name: videokit-api
                      revision: -2
              reports:
                - format: word
                  path: out.md
            """);
        using var ps = new ModuleRunspace();

        var r = ps.Invoke("Test-DrillFile -Path $args[0]", file);

        Assert.Empty(r.Output);
        var errors = r.AllErrors.ToList();
        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal("DrillFileInvalid,RollbackDrill.Commands.TestDrillFileCommand", e.FullyQualifiedErrorId));
        Assert.All(errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
        Assert.Equal(
            [(2, 7, "kind"), (8, 14, "spec.namespace"), (12, 21, "spec.groups[0].releases[0].revision"), (14, 15, "spec.reports[0].format")],
            errors.Select(e => PSObject.AsPSObject(e.TargetObject)).Select(t => ((int)t.Prop("Line")!, (int)t.Prop("Column")!, t.Str("Field"))));
        Assert.All(errors, e => Assert.StartsWith(file + ":", e.Exception.Message, StringComparison.Ordinal));
        Assert.Equal(["false"], ps.Invoke("Test-DrillFile $args[0] -Quiet", file).Output.Select(o => o.ToString()!.ToLowerInvariant()));
    }
}
