@{
    # The repository root is the module base: after `dotnet build`, Import-Module ./RollbackDrill.psd1 works.
    RootModule           = 'bin/RollbackDrill.dll'
    # Kept equal to version.props by the build (src/RollbackDrill/RollbackDrill.csproj); a test checks it.
    ModuleVersion        = '0.1.0'
    GUID                 = '6b7f1f0e-3d55-4c1e-9a43-2f6c8d1e5b7a'
    Author               = 'RollbackDrill contributors'
    CompanyName          = 'RollbackDrill'
    Copyright            = '(c) RollbackDrill contributors. MIT License.'
    Description          = 'Rollback drills and recovery-time (RTO) validation for Kubernetes workloads deployed with Helm: read release history, plan and execute rollbacks, wait for rollouts, probe health until recovered, and export an audit report.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('bin/RollbackDrill.Model.dll')
    FormatsToProcess     = @('RollbackDrill.format.ps1xml')
    CmdletsToExport      = @(
        'Get-DrillContext'
        'Get-ReleaseRevision'
        'Get-ReleaseStatus'
        'Get-RollbackPlan'
        'Invoke-Rollback'
        'Invoke-RollbackDrill'
        'Get-DrillSandbox'
        'Start-DrillSandbox'
        'Stop-DrillSandbox'
        'New-DrillReport'
        'Export-DrillReport'
        'Get-RecoveryBaseline'
        'Measure-RecoveryTime'
        'New-RecoveryProbe'
        'Set-WorkloadScale'
        'Undo-WorkloadRollout'
        'Wait-ReleaseReady'
        'Test-DrillFile'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Kubernetes', 'Helm', 'Rollback', 'RTO', 'DisasterRecovery', 'SRE', 'Drill', 'kubectl', 'Linux', 'Windows', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/rollbackdrill/RollbackDrill'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
