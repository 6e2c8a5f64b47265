using System.Diagnostics;
using RollbackDrill.Bench;

// bench/run.sh → dotnet bench/RollbackDrill.Bench (Release) [--quick] [--only sandbox] [--out FILE] [--kubectl PATH]
// Child modes (used by the run itself): --child-history KUBECONFIG CONTEXT, --child-import ANCHOR_MANIFEST workaround|plain.
if (args.Length >= 3 && args[0] == "--child-history")
{
    return HistoryBenchmarks.RunChild(args[1], args[2]);
}

if (args.Length >= 3 && args[0] == "--child-import")
{
    return ImportBenchmarks.RunChild(args[1], args[2] == "workaround");
}

var output = Path.Combine(RepoPaths.Root, "bench", "RESULTS.md");
var quick = false;
var kubectlPath = Kubectl.DefaultPath;
var onlySandbox = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--out" when i + 1 < args.Length:
            output = Path.GetFullPath(args[++i]);
            break;
        case "--kubectl" when i + 1 < args.Length:
            kubectlPath = args[++i];
            break;
        case "--only" when i + 1 < args.Length && args[i + 1] == "sandbox":
            onlySandbox = true;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: RollbackDrill.Bench [--quick] [--only sandbox] [--out FILE] [--kubectl PATH]");
            return 2;
    }
}

var workDir = Directory.CreateTempSubdirectory("rbd-bench-").FullName;
var settings = quick ? Settings.Quick(workDir) : new Settings { WorkDir = workDir };
var total = Stopwatch.StartNew();
var report = new Report();
var loadAtStart = MachineInfo.LoadAverage();
var machine = await MachineInfo.CollectAsync(kubectlPath);
var kubectl = new Kubectl(kubectlPath, string.Empty);
if (!onlySandbox && !File.Exists(RepoPaths.Manifest) || !File.Exists(Path.Combine(RepoPaths.Root, "bin", "RollbackDrill.dll")))
{
    Console.Error.WriteLine("The module is not built at the repository root: run bench/run.sh (it builds src/RollbackDrill in Release first).");
    return 1;
}

async Task Step(string area, string name, string target, Func<Task> body)
{
    Console.WriteLine($"== {area}: {name}");
    try
    {
        await body();
    }
    catch (Exception ex) when (ex is not OutOfMemoryException)
    {
        report.Add(new Row(area, name, "FAILED: " + ex.GetType().Name + ": " + ex.Message, "-", "-", target, "failed"));
    }
}

BenchSandbox? main = null;
using (var rs = new BenchRunspace())
{
    await Step("sandbox", "load / kubectl list", "< 2 s, < 1 s", async () =>
        main = await SandboxBenchmarks.LoadAsync(report, settings,
            Scenarios.Releases("history", settings.Releases, settings.Revisions, settings.Namespaces), kubectl));
    if (main is not null)
    {
        await Step("sandbox", "watch event latency", "≤ 10 ms", () => SandboxBenchmarks.WatchLatencyAsync(report, settings, main));
    }

    if (onlySandbox)
    {
        // --only sandbox: issue 3's rows alone (the other areas are not run; their rows are absent, not failed).
        report.Note("PARTIAL RUN (--only sandbox): only the sandbox rows were measured.");
    }
    else if (main is not null)
    {
        ImportWorkaround.Import(rs, RepoPaths.Manifest);
        await Step("history", "Get-ReleaseRevision -AllNamespaces vs kubectl list", "≤ 1.2×", () => HistoryBenchmarks.AllNamespacesAsync(report, settings, main, kubectl, rs));
        await Step("history", "-Last 1 vs all", "decode 1", async () =>
        {
            await using var deep = await BenchSandbox.StartAsync(Scenarios.Releases("deep", 1, settings.DeepRevisions, 1, prefix: "deep"), workDir, "deep",
                new RollbackDrill.Sandbox.SandboxOptions { RunControllers = false });
            await HistoryBenchmarks.LastOneAsync(report, settings, deep, rs);
        });
        await Step("history", "peak memory", "report", () => HistoryBenchmarks.PeakMemoryAsync(report, settings, main, kubectl));
        await main.DisposeAsync();
    }
    else
    {
        ImportWorkaround.Import(rs, RepoPaths.Manifest);
    }

    if (!onlySandbox)
    {
        await Step("import", "Import-Module time", "report", () => ImportBenchmarks.RunAsync(report, settings));
        await Step("readiness", "Wait-ReleaseReady lag vs kubectl rollout status", "≤ 50 ms and no later than kubectl", () => ReadinessBenchmarks.LagAsync(report, settings, rs, kubectl));
        await Step("rollback", "20 in parallel vs 1", "≤ 1.2×", () => RollbackBenchmarks.ParallelAsync(report, settings, rs));
        await Step("recovery", "RTO measurement error", "≤ 100 ms", () => RecoveryBenchmarks.ErrorAsync(report, settings, rs));
    }
    else if (main is not null)
    {
        await main.DisposeAsync();
    }
}

report.Note("Harness: a plain Stopwatch harness (warm-up, then N repetitions, median and nearest-rank p95), not BenchmarkDotNet: most figures compare a cmdlet in a live runspace with a separate kubectl process, and a process start cannot be put inside BenchmarkDotNet's in-process loop honestly. Pairs are run interleaved (A, B, A, B) so machine drift hits both.");
report.Note("Sandbox: in-process (RollbackDrill.Sandbox on loopback, same process as the runspace); kubectl and the module read the same sandbox in the same run. kubectl times include its process start (that is what a user pays); the cmdlet runs in an already-open runspace (what a user pays in a session).");
report.Note("History: through a PowerShell 7.6 runspace (Microsoft.PowerShell.SDK) that imported the built ./RollbackDrill.psd1, not the engine directly. The cmdlet decodes every record (base64 + gzip + JSON) and builds objects; kubectl only lists. Decode counts are read from the service's own progress records ('Decoded n of N release records').");
report.Note("Peak memory: process peak working set of a child process hosting the runspace (runtime + PowerShell + module + one read), and GC-allocated bytes of the call; kubectl: max RSS from /usr/bin/time. The sandbox serves both from the parent process, so neither figure includes it.");
report.Note("Rollback: executor Sandbox (the sandbox's helm-rollback emulation), every release's Deployment becomes ready 1 s after its template changes; timed from the runspace call to its return (plan, helm, wait, verify).");
report.Note("Recovery: a loopback endpoint answers 503 until a random instant 400–800 ms after t0, then 200; error = RecoveredAt − that instant. Request rate: the measurement's own RequestRate and the requests the endpoint counted ÷ the measurement's duration.");
if (ImportWorkaround.Used)
{
    report.Note("DEFECT: `Import-Module ./RollbackDrill.psd1` FAILS in a plain PowerShell host on this branch (\"Could not load file or assembly 'RollbackDrill.Engine'\"): Invoke-Rollback/Get-RollbackPlan take engine enums (RollbackExecutorKind, HelmWaitStrategy) as parameter types, which PowerShell resolves before the module's initializer registers its bin/Dependencies resolver. To measure anyway the bench runs the module's own ModuleInitializer.OnImport() just before Import-Module (bench/RollbackDrill.Bench/ImportWorkaround.cs). A user's pwsh would fail to import.");
}

if (quick)
{
    report.Note("QUICK RUN (--quick): fewer repetitions; not for claims.");
}

report.Note($"Machine load: /proc/loadavg {loadAtStart} at the start, {MachineInfo.LoadAverage()} at the end (other jobs shared the {Environment.ProcessorCount} cores; absolute times are inflated by them, the same-run ratios much less).");
var command = (quick ? "bench/run.sh --quick" : "bench/run.sh") + (onlySandbox ? " --only sandbox" : "");
var text = report.Render(machine, total.Elapsed, command);
await File.WriteAllTextAsync(output, text);
Console.WriteLine($"wrote {output} in {total.Elapsed.TotalSeconds:0} s");
try
{
    Directory.Delete(workDir, recursive: true);
}
catch (IOException)
{
}

return 0;
