#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages the RollbackDrill module.
.DESCRIPTION
    Task Build (default): dotnet build, which lays out the importable module at the repository root
    (RollbackDrill.psd1 + bin/ + bin/Dependencies/). Task Test: dotnet test. Task Package: copies the module into
    out/RollbackDrill/<version>/ ready for Publish-PSResource. Task Help: regenerates en-US MAML from docs/en-US
    with PlatyPS (Microsoft.PowerShell.PlatyPS 1.x), where it is installed.
.EXAMPLE
    ./build.ps1; Import-Module ./RollbackDrill.psd1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Help')]
    [string[]] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

foreach ($t in $Task) {
    switch ($t) {
        'Build' { dotnet build RollbackDrill.sln -c $Configuration; if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)" } }
        'Test' { dotnet test RollbackDrill.sln -c $Configuration -m:1; if ($LASTEXITCODE) { throw "dotnet test failed ($LASTEXITCODE)" } }
        'Package' {
            dotnet build src/RollbackDrill -c Release; if ($LASTEXITCODE) { throw "dotnet build failed ($LASTEXITCODE)" }
            # The version comes from the built DLL (set once, in version.props).
            $version = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $PSScriptRoot 'bin/RollbackDrill.dll')).Version.ToString(3)
            $dest = Join-Path $PSScriptRoot "out/RollbackDrill/$version"
            Remove-Item $dest -Recurse -Force -ErrorAction Ignore
            New-Item -ItemType Directory $dest | Out-Null
            Copy-Item RollbackDrill.psd1, RollbackDrill.format.ps1xml, LICENSE, README.md -Destination $dest -ErrorAction SilentlyContinue
            Copy-Item bin, en-US -Destination $dest -Recurse
            Get-ChildItem $dest -Recurse -Filter *.pdb | Remove-Item
            Test-ModuleManifest (Join-Path $dest 'RollbackDrill.psd1') | Out-Null
            "Packaged $dest"
        }
        'Help' {
            if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS)) {
                throw 'Microsoft.PowerShell.PlatyPS is not installed: Install-PSResource Microsoft.PowerShell.PlatyPS. The MAML in en-US/ is kept in the repository.'
            }
            Import-Module Microsoft.PowerShell.PlatyPS
            $cmdHelp = Get-ChildItem docs/en-US -Filter '*-*.md' | ForEach-Object { Import-MarkdownCommandHelp $_.FullName }
            $cmdHelp | Export-MamlCommandHelp -OutputFolder ./out/maml -Force | Out-Null
            Copy-Item ./out/maml/RollbackDrill/*.xml ./en-US/ -Force
        }
    }
}
