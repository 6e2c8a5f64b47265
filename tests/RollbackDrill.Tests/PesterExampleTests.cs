using System.Management.Automation.Language;
using RollbackDrill.Tests.Infrastructure;

namespace RollbackDrill.Tests;

/// <summary>
/// examples/videokit.Tests.ps1 is a Pester 5 file, and Pester cannot be installed here. It is tested honestly in
/// three ways: the PowerShell parser accepts it; every RollbackDrill command and parameter it names exists (an AST
/// walk checked against Get-Command); and its body runs in a runspace under a small shim of the subset of Pester 5's
/// API it uses (Describe, It, BeforeAll, AfterAll, Should -Be/-BeTrue/-HaveCount/-Not/-Because). The shim is not
/// Pester: it follows Pester 5's documented order (discovery runs the file and Describe bodies; then BeforeAll,
/// each It, AfterAll), so the drill inside really runs against the sandbox.
/// </summary>
public sealed class PesterExampleTests
{
    private static readonly string ExamplePath = Path.Combine(RepoPaths.Root, "examples", "videokit.Tests.ps1");

    /// <summary>The AST walk: "uses Command -Parameter" for every RollbackDrill parameter, "ERROR ..." for anything unknown.</summary>
    private const string CommandCheck = """
        param($path)
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$tokens, [ref]$errors)
        $pester = 'BeforeAll', 'AfterAll', 'BeforeEach', 'AfterEach', 'Describe', 'Context', 'It', 'Should'
        $module = @{}; Get-Command -Module RollbackDrill | ForEach-Object { $module[$_.Name] = $_ }
        $splats = @{}
        foreach ($a in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Right.Expression -is [System.Management.Automation.Language.HashtableAst] }, $true)) {
            $splats[$a.Left.VariablePath.UserPath] = @($a.Right.Expression.KeyValuePairs | ForEach-Object { $_.Item1.Value })
        }
        function Resolve-Parameter($cmd, [string] $name) {
            $exact = @($cmd.Parameters.Values | Where-Object { $_.Name -eq $name -or $_.Aliases -contains $name })
            if ($exact.Count -eq 1) { return $exact[0].Name }
            $prefix = @($cmd.Parameters.Values | Where-Object { $_.Name -like "$name*" })
            if ($prefix.Count -eq 1) { return $prefix[0].Name }
            $null
        }
        foreach ($c in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
            $name = $c.GetCommandName()
            if ($pester -contains $name) { continue }
            $cmd = $module[$name]
            if (-not $cmd) {
                if (-not (Get-Command $name -ErrorAction Ignore)) { "ERROR unknown command $name" }
                continue
            }
            $names = @($c.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName)
            $names += @($c.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.VariableExpressionAst] -and $_.Splatted } | ForEach-Object { $splats[$_.VariablePath.UserPath] })
            foreach ($p in $names) {
                $resolved = Resolve-Parameter $cmd $p
                if ($resolved) { "uses $name -$resolved" } else { "ERROR $name has no parameter -$p" }
            }
        }
        """;

    /// <summary>A shim of the subset of Pester 5's API the example uses. Not Pester.</summary>
    private const string PesterShim = """
        $script:PesterShim = @{
            BeforeAll = [System.Collections.Generic.List[scriptblock]]::new()
            AfterAll  = [System.Collections.Generic.List[scriptblock]]::new()
            Tests     = [System.Collections.Generic.List[object]]::new()
            Path      = [System.Collections.Generic.List[string]]::new()
        }
        function BeforeAll { param([Parameter(Mandatory, Position = 0)][scriptblock] $Scriptblock) $PesterShim.BeforeAll.Add($Scriptblock) }
        function AfterAll { param([Parameter(Mandatory, Position = 0)][scriptblock] $Scriptblock) $PesterShim.AfterAll.Add($Scriptblock) }
        function Describe {
            param([Parameter(Mandatory, Position = 0)][string] $Name, [Parameter(Mandatory, Position = 1)][scriptblock] $Fixture)
            $PesterShim.Path.Add($Name)
            try { . $Fixture } finally { $PesterShim.Path.RemoveAt($PesterShim.Path.Count - 1) }
        }
        function It {
            param([Parameter(Mandatory, Position = 0)][string] $Name, [Parameter(Mandatory, Position = 1)][scriptblock] $Test)
            $PesterShim.Tests.Add([pscustomobject]@{ Name = (@($PesterShim.Path) + $Name) -join ' > '; Test = $Test })
        }
        function Should {
            [CmdletBinding()]
            param([Parameter(ValueFromPipeline)] $ActualValue, [switch] $Not, [object] $Be, [switch] $BeTrue, [int] $HaveCount = -1, [string] $Because)
            begin { $values = [System.Collections.Generic.List[object]]::new() }
            process { $values.Add($ActualValue) }
            end {
                $actual = if ($values.Count -eq 1) { $values[0] } else { $values.ToArray() }
                if ($PSBoundParameters.ContainsKey('Be')) {
                    $ok = if ($actual -is [array]) { $false } elseif ($null -eq $Be) { $null -eq $actual } else { [bool]($actual -eq $Be) }
                    $expected = "to be '$Be'"
                } elseif ($BeTrue) {
                    $ok = [bool]$actual; $expected = 'to be $true'
                } elseif ($HaveCount -ge 0) {
                    $ok = $values.Count -eq $HaveCount; $expected = "to have count $HaveCount"
                } else {
                    throw 'The Pester shim implements only Should -Be, -BeTrue and -HaveCount.'
                }
                if ($Not) { $ok = -not $ok; $expected = "not $expected" }
                if (-not $ok) { throw "Expected $expected$(if ($Because) { " because $Because" }), but got '$actual'." }
            }
        }
        function Invoke-PesterShim {
            param([string] $Path, [scriptblock] $BeforeTeardown)
            . $Path
            try {
                foreach ($b in $PesterShim.BeforeAll) { . $b }
                foreach ($t in $PesterShim.Tests) {
                    try { $null = & $t.Test; "PASS $($t.Name)" } catch { "FAIL $($t.Name): $_" }
                }
                if ($BeforeTeardown) { . $BeforeTeardown }
            } finally {
                foreach ($a in $PesterShim.AfterAll) { . $a }
            }
        }
        """;

    [Fact]
    public void TheExampleParsesWithoutErrors()
    {
        Parser.ParseFile(ExamplePath, out _, out var errors);
        Assert.Empty(errors);
    }

    [Fact]
    public void EveryRollbackDrillCommandAndParameterItUsesExists()
    {
        using var ps = new ModuleRunspace();
        var lines = ps.Invoke(CommandCheck, ExamplePath).Output.Select(o => o.ToString()).ToList();
        Assert.DoesNotContain(lines, l => l.StartsWith("ERROR", StringComparison.Ordinal));

        // Not vacuous: the walk saw the drill's commands, their parameters and the splatted connection.
        foreach (var expected in new[]
        {
            "uses Invoke-Rollback -Executor", "uses Invoke-Rollback -Confirm", "uses Invoke-Rollback -Kubeconfig", "uses Get-ReleaseStatus -Context",
            "uses Measure-RecoveryTime -Objective", "uses Measure-RecoveryTime -Since",
        })
        {
            Assert.Contains(expected, lines);
        }

        Assert.Equal(
            ["Assert-RecoveryObjective", "Get-ReleaseStatus", "Invoke-Rollback", "Measure-RecoveryTime", "Start-DrillSandbox", "Stop-DrillSandbox"],
            ps.Invoke(
                "$t = $e = $null; [System.Management.Automation.Language.Parser]::ParseFile($args[0], [ref]$t, [ref]$e).FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true).GetCommandName() | Where-Object { (Get-Command $_ -ErrorAction Ignore).ModuleName -eq 'RollbackDrill' } | Sort-Object -Unique",
                ExamplePath).Output.Select(o => o.ToString()).ToArray());

        // The check itself catches a misspelt parameter.
        var misspelt = Path.Combine(Directory.CreateTempSubdirectory("rbd-pester-").FullName, "bad.Tests.ps1");
        File.WriteAllText(misspelt, "Invoke-Rollback videokit-api -Executer Sandbox\nGet-ReleaseStatus x -Contxt y");
        Assert.Equal(
            ["ERROR Invoke-Rollback has no parameter -Executer", "ERROR Get-ReleaseStatus has no parameter -Contxt"],
            ps.Invoke(CommandCheck, misspelt).Output.Select(o => o.ToString()).ToArray());
    }

    [Fact]
    public void TheDrillRunsAgainstTheSandboxUnderAPesterShimAndEveryTestPasses()
    {
        using var ps = new ModuleRunspace();
        ps.Invoke(PesterShim);

        // After the real tests, before AfterAll: negative controls prove the Its can fail.
        const string controls = """
            $rtoTest = $PesterShim.Tests | Where-Object Name -Like '*10-minute RTO'
            $revisionTest = $PesterShim.Tests | Where-Object Name -Like '*ends on videokit-api 43*'
            "CONTROL sandbox $((Get-DrillSandbox).Count)"
            $rto = @{ Name = 'videokit-api readyz'; Target = '00:10:00'; Measured = '00:10:30'; Resolution = '00:00:01' }
            try { & $rtoTest.Test; 'CONTROL rto passed' } catch { "CONTROL rto failed: $_" }
            $after = $before
            try { & $revisionTest.Test; 'CONTROL revisions passed' } catch { "CONTROL revisions failed: $_" }
            """;
        var r = ps.Invoke("Invoke-PesterShim -Path $args[0] -BeforeTeardown ([scriptblock]::Create($args[1]))", ExamplePath, controls);
        var lines = r.Output.Select(o => o.ToString()).ToList();
        Assert.True(r.Terminating is null && r.Errors.Count == 0, string.Join("\n", r.AllErrors.Select(e => e.ToString())) + "\n" + string.Join("\n", lines));
        Assert.Equal(
            [
                "PASS videokit rollback drill > starts from videokit-api 42 and videokit-worker 18",
                "PASS videokit rollback drill > rolls both releases back",
                "PASS videokit rollback drill > ends on videokit-api 43 (a rollback to 41) and videokit-worker 19 (a rollback to 17)",
                "PASS videokit rollback drill > leaves every workload ready",
                "PASS videokit rollback drill > meets the 10-minute RTO",
                "CONTROL sandbox 1",
                "CONTROL rto failed: Recovery objective 'videokit-api readyz' breached: measured 00:10:30.000 ± 1.0 s, target 00:10:00, missed by 30s (± 1.0 s).",
                "CONTROL revisions failed: Expected to be '43', but got '42'.",
            ],
            lines);

        // AfterAll stopped the sandbox.
        Assert.Empty(ps.Invoke("Get-DrillSandbox").Output);
    }
}
