using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RollbackDrill.Bench;

/// <summary>
/// Import-Module time of the built module in a fresh runspace. Anchor: Import-Module of an empty manifest module in
/// the same runspace just before (PowerShell's own module-loading floor).
/// </summary>
internal static class ImportBenchmarks
{
    public static async Task RunAsync(Report report, Settings s)
    {
        var anchorManifest = WriteAnchorModule(s.WorkDir);
        var (self, prefix) = SelfProcess.Command();
        var cold = new List<double>();
        var coldAnchor = new List<double>();
        for (var i = 0; i < s.ImportChildren; i++)
        {
            var r = await Proc.RunCheckedAsync(self, [.. prefix, "--child-import", anchorManifest, ImportWorkaround.Used ? "workaround" : "plain"], TimeSpan.FromMinutes(1)).ConfigureAwait(false);
            using var doc = JsonDocument.Parse(r.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith('{')));
            coldAnchor.Add(doc.RootElement.GetProperty("anchorMs").GetDouble());
            cold.Add(doc.RootElement.GetProperty("moduleMs").GetDouble());
        }

        var c = new Sample(cold);
        var ca = new Sample(coldAnchor);
        report.Add(new Row("import", "`Import-Module ./RollbackDrill.psd1`, fresh runspace in a fresh process (cold: first load of its assemblies)",
            c.Describe(), "empty manifest module, same runspace (after a warm-up import): " + ca.Describe(), Report.Ratio(c.Median, ca.Median), "report (no target)", "reported"));

        // Warm: fresh runspaces in this process (assemblies already loaded, as for a second runspace of a host).
        var warm = new List<double>();
        var warmAnchor = new List<double>();
        for (var i = 0; i < s.ImportChildren + 3; i++)
        {
            var (a, m) = Measure(anchorManifest, ImportWorkaround.Used);
            if (i >= 1)
            {
                warmAnchor.Add(a);
                warm.Add(m);
            }
        }

        var w = new Sample(warm);
        var wa = new Sample(warmAnchor);
        report.Add(new Row("import", "`Import-Module ./RollbackDrill.psd1`, fresh runspace in a warm process",
            w.Describe(), "empty manifest module, same runspace (after a warm-up import): " + wa.Describe(), Report.Ratio(w.Median, wa.Median), "report (no target)", "reported"));
    }

    /// <summary>Child mode: open a runspace, warm the engine with a no-op, time the anchor import, then the module import.</summary>
    public static int RunChild(string anchorManifest, bool workaround)
    {
        var (a, m) = Measure(anchorManifest, workaround);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{{\"anchorMs\":{a:0.00},\"moduleMs\":{m:0.00}}}"));
        return 0;
    }

    private static (double AnchorMs, double ModuleMs) Measure(string anchorManifest, bool workaround)
    {
        using var rs = new BenchRunspace();
        rs.InvokeChecked("$null = 1");
        // A first import warms PowerShell's module loader, so the timed anchor and the module pay the same.
        rs.ImportModule(WarmupManifest(anchorManifest));
        var sw = Stopwatch.StartNew();
        rs.ImportModule(anchorManifest);
        var a = sw.Elapsed.TotalMilliseconds;
        sw.Restart();
        if (workaround)
        {
            ImportWorkaround.Apply(); // timed with the import: it is part of loading the module
        }

        rs.ImportModule(RepoPaths.Manifest);
        var m = sw.Elapsed.TotalMilliseconds;
        var n = rs.InvokeChecked("@(Get-Command -Module RollbackDrill).Count")[0];
        if (Convert.ToInt32(n.BaseObject, CultureInfo.InvariantCulture) == 0)
        {
            throw new InvalidOperationException("Import-Module RollbackDrill exported no commands");
        }

        return (a, m);
    }

    private static string WarmupManifest(string anchorManifest) =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(anchorManifest)!)!, "BenchWarmup", "BenchWarmup.psd1");

    private static string WriteAnchorModule(string workDir)
    {
        var warm = Path.Combine(workDir, "BenchWarmup");
        Directory.CreateDirectory(warm);
        File.WriteAllText(Path.Combine(warm, "BenchWarmup.psm1"), "function Get-BenchWarmup { 1 }\n");
        File.WriteAllText(Path.Combine(warm, "BenchWarmup.psd1"), "@{ RootModule = 'BenchWarmup.psm1'; ModuleVersion = '1.0.0'; GUID = '0b6f4c2e-7d1a-4e8b-9c3f-5a2d1e0f9b77'; FunctionsToExport = @('Get-BenchWarmup') }\n");
        var dir = Path.Combine(workDir, "BenchAnchor");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "BenchAnchor.psm1"), "function Get-BenchAnchor { 1 }\n");
        var manifest = Path.Combine(dir, "BenchAnchor.psd1");
        File.WriteAllText(manifest, "@{ RootModule = 'BenchAnchor.psm1'; ModuleVersion = '1.0.0'; GUID = '6f0c9a1e-2b7d-4c1e-9a55-0d3b8e7f1a42'; FunctionsToExport = @('Get-BenchAnchor') }\n");
        return manifest;
    }
}
