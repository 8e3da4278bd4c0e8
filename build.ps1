#!/usr/bin/env pwsh
# Thin wrapper over the dotnet commands the README shows.
#   ./build.ps1 build            dotnet build CallActors.sln -c Release
#   ./build.ps1 test             dotnet test CallActors.sln
#   ./build.ps1 bench [suite...] dotnet run -c Release --project tests/CallActors.Benchmarks -- <suite...>
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'bench')]
    [string] $Target = 'build',

    [Parameter(Position = 1, ValueFromRemainingArguments = $true)]
    [string[]] $Suites = @('all')
)

$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

switch ($Target) {
    'build' { dotnet build CallActors.sln -c Release }
    'test' { dotnet test CallActors.sln }
    'bench' { dotnet run -c Release --project tests/CallActors.Benchmarks -- @Suites }
}
exit $LASTEXITCODE
