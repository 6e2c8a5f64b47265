#Requires -Version 7.4
<#
    The videokit rollback drill (seed 003) verified with Pester 5, on the local sandbox:

        dotnet build src/RollbackDrill/RollbackDrill.csproj
        Invoke-Pester ./examples/videokit.Tests.ps1 -Output Detailed

    BeforeAll runs the drill pipeline of the README once: start the sandbox, record the before state, roll back
    both releases, measure recovery against the 10-minute objective, record the after state. The tests then check
    the before/after revisions and assert the objective; AfterAll stops the sandbox. Against a real cluster, replace
    the sandbox with -Context/-Kubeconfig and drop -Executor Sandbox.
#>

BeforeAll {
    if (-not (Get-Module RollbackDrill)) {
        Import-Module (Join-Path $PSScriptRoot '..' 'RollbackDrill.psd1') -ErrorAction Stop
    }

    $sb   = Start-DrillSandbox (Join-Path $PSScriptRoot 'sandbox' 'videokit.yaml')
    $conn = @{ Kubeconfig = $sb.Kubeconfig; Context = $sb.Context }

    $before  = Get-ReleaseStatus videokit-api, videokit-worker @conn
    $results = Invoke-Rollback videokit-api, videokit-worker @conn -Executor Sandbox -Timeout 00:05:00 -Confirm:$false
    $readyz  = [uri]::new($sb.HealthUrls['videokit/videokit-api'], 'readyz')
    $rto     = Measure-RecoveryTime -Url $readyz -Since $results[0].IssuedAt -Objective 00:10:00 -Timeout 00:01:00
    $after   = Get-ReleaseStatus videokit-api, videokit-worker @conn
}

Describe 'videokit rollback drill' {
    It 'starts from videokit-api 42 and videokit-worker 18' {
        ($before | Where-Object Name -EQ 'videokit-api').Revision | Should -Be 42
        ($before | Where-Object Name -EQ 'videokit-worker').Revision | Should -Be 18
    }

    It 'rolls both releases back' {
        $results | Should -HaveCount 2
        $results | ForEach-Object { $_.Succeeded | Should -BeTrue -Because $_.Message }
    }

    It 'ends on videokit-api 43 (a rollback to 41) and videokit-worker 19 (a rollback to 17)' {
        $api = $after | Where-Object Name -EQ 'videokit-api'
        $api.Revision | Should -Be 43
        $api.Current.RollbackOf | Should -Be 41
        $worker = $after | Where-Object Name -EQ 'videokit-worker'
        $worker.Revision | Should -Be 19
        $worker.Current.RollbackOf | Should -Be 17
    }

    It 'leaves every workload ready' {
        $after | ForEach-Object { $_.WorkloadsReady | Should -BeTrue -Because "$($_.Name) must be rolled out" }
    }

    It 'meets the 10-minute RTO' {
        $rto | Assert-RecoveryObjective
    }
}

AfterAll {
    if ($sb) {
        Stop-DrillSandbox $sb.Name
    }
}
