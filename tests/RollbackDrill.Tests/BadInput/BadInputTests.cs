using System.Management.Automation;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using RollbackDrill.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RollbackDrill.Tests.BadInput;

/// <summary>Runs every case of <see cref="BadInputCatalogue"/> in a fresh module runspace.</summary>
public sealed partial class BadInputTests(ITestOutputHelper output)
{
    public static TheoryData<string> Cases => Names(c => !c.Needs.HasFlag(CaseNeeds.Prometheus));

    public static TheoryData<string> PrometheusCases => Names(c => c.Needs.HasFlag(CaseNeeds.Prometheus));

    [Fact]
    public void The_catalogue_has_at_least_45_uniquely_named_cases_with_module_error_ids()
    {
        Assert.True(BadInputCatalogue.All.Count >= 45, $"{BadInputCatalogue.All.Count} cases");
        Assert.Equal(BadInputCatalogue.All.Count, BadInputCatalogue.All.Select(c => c.Name).Distinct().Count());
        var ids = ModuleErrorIds();
        var errors = BadInputCatalogue.All.Where(c => c.ResultOutcome is null).ToList();
        var own = errors.Where(c => ids.Contains(c.ErrorId)).ToList();
        // Only PowerShell's parameter binder may answer with an id of its own.
        Assert.All(errors.Except(own), c => Assert.Matches("^(ParameterArgumentValidationError|CannotConvertArgumentNoMessage|ParameterArgumentTransformationError)$", c.ErrorId));
        Assert.True(errors.Count >= 45, $"{errors.Count} error cases");
        Assert.True(own.Count >= 40, $"{own.Count} cases use the module's ErrorIds");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Bad_input_gets_a_precise_error_and_writes_nothing(string name) => RunAsync(name);

    [PrometheusTheory]
    [MemberData(nameof(PrometheusCases))]
    public Task Bad_PromQL_gets_a_precise_error(string name) => RunAsync(name);

    private async Task RunAsync(string name)
    {
        var c = BadInputCatalogue.All.Single(x => x.Name == name);
        var tmp = Directory.CreateTempSubdirectory("rbd-bad-").FullName;
        foreach (var (file, content) in c.Files)
        {
            var path = Path.Combine(tmp, file);
            File.WriteAllText(path, content);
            if (content.StartsWith("#!", StringComparison.Ordinal) && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        await using var sandbox = c.Mutating || c.Needs.HasFlag(CaseNeeds.Sandbox) ? await RollbackSandbox.StartAsync(c.Scenario) : null;
        var kubeconfig = sandbox?.Kubeconfig ?? DeadKubeconfig(tmp);
        await PlantAsync(kubeconfig, c.Plant);
        using var prometheus = c.Needs.HasFlag(CaseNeeds.Prometheus) ? new RecoveryPrometheus() : null;
        using var ps = new ModuleRunspace();
        foreach (var (k, v) in c.Environment)
        {
            ps.SetEnvironment(k, v);
        }

        var vars = new System.Collections.Hashtable
        {
            ["k"] = kubeconfig,
            ["conn"] = new System.Collections.Hashtable { ["Context"] = RollbackSandbox.Context, ["Kubeconfig"] = kubeconfig, ["Namespace"] = "videokit" },
            ["tmp"] = tmp,
            ["dead"] = $"http://127.0.0.1:{RecoveryPorts.Free()}",
            ["helm"] = c.Needs.HasFlag(CaseNeeds.HelmStandIn) ? HelmStandInWrapper(tmp) : null,
            ["prom"] = prometheus?.Url,
        };
        var since = DateTimeOffset.UtcNow;
        PsResult r;
        try
        {
            r = ps.InvokeWith("$global:RbdCaught = $null\ntry {\n" + c.Script + "\n} catch { $global:RbdCaught = $_ }", vars);
        }
        finally
        {
            foreach (var k in c.Environment.Keys)
            {
                ps.SetEnvironment(k, null);
            }
        }

        var caught = ps.Invoke("$global:RbdCaught").Output.Select(o => o.BaseObject).OfType<ErrorRecord>().SingleOrDefault();
        output.WriteLineIfAny(Describe(r, caught));
        Assert.Null(r.Terminating);

        if (c.ResultOutcome is not null)
        {
            Assert.Empty(r.Errors);
            Assert.Null(caught);
            Assert.Contains(r.Warnings, w => w.Contains(c.Advice, StringComparison.Ordinal));
            Assert.Equal(c.ResultOutcome, Assert.Single(r.Output).Str("Outcome"));
            return;
        }

        var errors = caught is null ? r.Errors.ToList() : [caught];
        var error = Assert.Single(c.MoreErrorsAllowed ? errors.Take(1) : errors);
        Assert.True(c.Terminating == (caught is not null), c.Terminating ? "expected a terminating error" : "expected a non-terminating error, got a terminating one");
        Assert.True(c.Terminating || caught is null);
        Assert.Equal(c.ErrorId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(c.Category, error.CategoryInfo.Category);
        if (c.Target is not null)
        {
            var target = c.TargetProperty is null ? error.TargetObject : (error.TargetObject is null ? null : PSObject.AsPSObject(error.TargetObject).Properties[c.TargetProperty]?.Value);
            Assert.Equal(Expand(c.Target, tmp, vars), target?.ToString());
        }

        var message = error.ErrorDetails?.Message ?? error.Exception.Message;
        var advice = message + "\n" + error.ErrorDetails?.RecommendedAction;
        Assert.Contains(c.Advice, advice, StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), message);
        Assert.DoesNotContain("Exception:", message, StringComparison.Ordinal);
        if (sandbox is not null)
        {
            Assert.Equal(0, sandbox.WritesSince(since));
        }

        // No partial result that looks like success.
        Assert.DoesNotContain(r.Output, o => o.Str("Outcome") == "Succeeded" || o.Prop("Recovered") is true);
    }

    private static string Expand(string target, string tmp, System.Collections.Hashtable vars) =>
        target.Replace("{tmp}", tmp, StringComparison.Ordinal).Replace("$helm", vars["helm"] as string ?? "$helm", StringComparison.Ordinal);

    private static string Describe(PsResult r, ErrorRecord? caught) => string.Join("\n", r.Errors.Select(e => "error: " + Line(e))
        .Concat(caught is null ? [] : ["terminating: " + Line(caught)])
        .Concat(r.Warnings.Select(w => "warning: " + w))
        .Concat(r.Output.Select(o => "output: " + o.BaseObject.GetType().Name + " " + o)));

    private static string Line(ErrorRecord e) =>
        $"{e.FullyQualifiedErrorId} | {e.CategoryInfo.Category} | target={e.TargetObject} ({e.TargetObject?.GetType().Name}) | {e.ErrorDetails?.Message ?? e.Exception.Message} | action={e.ErrorDetails?.RecommendedAction}";

    private static TheoryData<string> Names(Func<BadInputCase, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var c in BadInputCatalogue.All.Where(which))
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static HashSet<string> ModuleErrorIds()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "RollbackDrill.Model", "ErrorIds.cs"));
        return [.. ErrorIdLine().Matches(text).Select(m => m.Groups[1].Value)];
    }

    /// <summary>A kubeconfig whose only context, 'sandbox', points at a loopback port nobody listens on.</summary>
    private static string DeadKubeconfig(string tmp)
    {
        var path = Path.Combine(tmp, "dead.kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            current-context: sandbox
            clusters:
            - name: dead
              cluster:
                server: http://127.0.0.1:{RecoveryPorts.Free()}
            users:
            - name: u
              user:
                token: {TestKubeconfig.SecretToken}
            contexts:
            - name: sandbox
              context:
                cluster: dead
                user: u
            """);
        return path;
    }

    private static async Task PlantAsync(string kubeconfig, IReadOnlyList<(string Path, string Json)> plant)
    {
        if (plant.Count == 0)
        {
            return;
        }

        var server = ServerLine().Match(await File.ReadAllTextAsync(kubeconfig)).Groups[1].Value.Trim().Trim('"', '\'');
        using var http = new HttpClient { BaseAddress = new Uri(server) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "sandbox");
        foreach (var (path, json) in plant)
        {
            using var body = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(path, UriKind.Relative), body);
            Assert.True(response.IsSuccessStatusCode, $"planting {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>The helm stand-in behind a shell wrapper, so -HelmPath gets an executable file.</summary>
    private static string HelmStandInWrapper(string tmp)
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepoPaths.Root, "src", "RollbackDrill.Sandbox.HelmStandIn", "bin", config, "net8.0", "helm.dll");
        Assert.True(File.Exists(dll), "the helm stand-in is not built (this test project references it for build order): " + dll);
        if (OperatingSystem.IsWindows())
        {
            var cmd = Path.Combine(tmp, "helm-standin.cmd");
            File.WriteAllText(cmd, $"@dotnet \"{dll}\" %*\r\n");
            return cmd;
        }

        var path = Path.Combine(tmp, "helm-standin");
        File.WriteAllText(path, $"#!/bin/sh\nexec dotnet '{dll}' \"$@\"\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"const string \w+ = ""(\w+)"";")]
    private static partial Regex ErrorIdLine();

    [GeneratedRegex(@"server:\s*(\S+)")]
    private static partial Regex ServerLine();
}

/// <summary>A theory that needs a real Prometheus: skipped locally when it is missing, failing when CI=true.</summary>
public sealed class PrometheusTheoryAttribute : TheoryAttribute
{
    public PrometheusTheoryAttribute()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        if (!path.Any(d => File.Exists(Path.Combine(d, "prometheus"))) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "prometheus not installed (apt-get install -y prometheus); with CI=true this test fails instead.";
        }
    }
}

internal static class TestOutputExtensions
{
    public static void WriteLineIfAny(this ITestOutputHelper output, string text)
    {
        if (text.Length > 0)
        {
            output.WriteLine(text);
        }
    }
}
