using System.Management.Automation;
using RollbackDrill.Engine.Rollback;
using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Shared by Get-RollbackPlan and Invoke-Rollback: the release inputs (names, piped revisions), the target choice
/// (-Revision, -ToLastDeployed), the helm options, and planning one release on the pipeline thread.
/// </summary>
public abstract class RollbackCmdlet : ReleaseCmdlet
{
    protected const string NameSet = "Name";
    protected const string InputObjectSet = "InputObject";

    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private ClusterRollbackFactory? factory;
    private int? major; // not HelmMajor?: a value-type field of an engine type would load the engine before the module's resolver is in place

    /// <summary>Release names (exact: a rollback never takes wildcards).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.ReleaseNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>Revisions from Get-ReleaseRevision: each names a release (several revisions of one release are one rollback).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ReleaseRevision[]? InputObject { get; set; }

    [Parameter(ParameterSetName = NameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completers.NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>The revision to roll back to. Omitted: Helm's rule, current − 1 (whatever its status).</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateRange(1, int.MaxValue)]
    public int Revision { get; set; }

    /// <summary>Roll back to the newest deployed or superseded revision before the current one ("last good").</summary>
    [Parameter(ParameterSetName = NameSet)]
    [Parameter(ParameterSetName = InputObjectSet)]
    public SwitchParameter ToLastDeployed { get; set; }

    /// <summary>One overall deadline for the whole run (helm's --timeout gets what is left of it).</summary>
    [Parameter]
    [ValidatePositiveDuration]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The helm executable; default: helm on PATH.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HelmPath { get; set; }

    /// <summary>Helm (the user's helm) or Sandbox (the sandbox's helm endpoint, no helm needed).</summary>
    [Parameter]
    public RollbackExecutor Executor { get; set; } = RollbackExecutor.Helm;

    /// <summary>Also pass --wait to helm (RollbackDrill waits for readiness itself in any case).</summary>
    [Parameter]
    public SwitchParameter HelmWait { get; set; }

    /// <summary>Helm 4's --wait strategy when -HelmWait is given: Watcher (default), Legacy or HookOnly.</summary>
    [Parameter]
    public HelmWaitMode WaitStrategy { get; set; } = HelmWaitMode.Watcher;

    /// <summary>helm --force (Helm 3) / --force-replace (Helm 4): replace resources that cannot be patched.</summary>
    [Parameter]
    public SwitchParameter ForceReplace { get; set; }

    [Parameter]
    public SwitchParameter CleanupOnFail { get; set; }

    [Parameter]
    public SwitchParameter NoHooks { get; set; }

    protected override string? RequestedNamespace => Namespace;

    /// <summary>False for the read-only cmdlet: a missing helm only changes how command lines are shown.</summary>
    protected virtual bool HelmRequired => true;

    internal RollbackOptions Options => new()
    {
        Timeout = Timeout,
        HelmWait = HelmWait,
        WaitStrategy = WaitStrategy switch
        {
            HelmWaitMode.Legacy => HelmWaitStrategy.Legacy,
            HelmWaitMode.HookOnly => HelmWaitStrategy.HookOnly,
            _ => HelmWaitStrategy.Watcher,
        },
        ForceReplace = ForceReplace,
        CleanupOnFail = CleanupOnFail,
        NoHooks = NoHooks,
    };

    internal ClusterRollbackFactory Factory => factory ??= new ClusterRollbackFactory(Executor == RollbackExecutor.Sandbox ? RollbackExecutorKind.Sandbox : RollbackExecutorKind.Helm, HelmPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(HelmPath));

    internal HelmStorageDriver Driver => MyInvocation.BoundParameters.ContainsKey(nameof(StorageDriver))
        ? StorageDriver
        : Engine.Services.ClusterReleaseReader.DriverFromEnvironment(Environment.GetEnvironmentVariable("HELM_DRIVER"));

    /// <summary>The releases of this record: (name, namespace), once each per call, with -Context set from piped objects.</summary>
    internal IEnumerable<(string Name, string Namespace)> Releases()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var item in InputObject ?? [])
            {
                Context = string.IsNullOrEmpty(item.Context) ? Context : item.Context;
                Namespace = item.Namespace;
                if (seen.Add($"{Context}\n{item.Namespace}\n{item.Name}"))
                {
                    yield return (item.Name, item.Namespace);
                }
            }

            yield break;
        }

        foreach (var name in Name ?? [])
        {
            var ns = EffectiveNamespace;
            if (seen.Add($"{Context}\n{ns}\n{name}"))
            {
                yield return (name, ns);
            }
        }
    }

    /// <summary>Plans one release (reads only). Errors are non-terminating and return null.</summary>
    internal RollbackPlan? PlanRelease(string name, string ns, int? revision, bool toLastDeployed) =>
        PlanReleases([(name, ns)], revision, toLastDeployed)[0];

    /// <summary>
    /// Plans the releases of one record at the same time (reads only: the history decodes and manifest diffs of many
    /// releases overlap), then reports errors in input order. Errors are non-terminating; their slot is null.
    /// </summary>
    internal IReadOnlyList<RollbackPlan?> PlanReleases(IReadOnlyList<(string Name, string Namespace)> releases, int? revision, bool toLastDeployed)
    {
        var cluster = Factory.For(Connection, Driver);
        var major = HelmMajorForPlans();
        var planner = new RollbackPlanner(cluster.Releases);
        var requests = releases.Select(r => new RollbackPlanRequest
        {
            Name = r.Name,
            Namespace = r.Namespace,
            Connection = cluster.Connection,
            Driver = Driver,
            Revision = revision,
            ToLastDeployed = toLastDeployed,
            HelmMajor = major,
            Options = Options,
        }).ToList();
        var results = EngineTaskRunner.Run<(Engine.Services.ReleaseResult<RollbackPlan>? Result, ArgumentException? Invalid)[], int>(
            _ => Task.WhenAll(requests.Select(async request =>
            {
                try
                {
                    return ((Engine.Services.ReleaseResult<RollbackPlan>?)await planner.PlanAsync(request, CancellationToken).ConfigureAwait(false), (ArgumentException?)null);
                }
                catch (ArgumentException ex)
                {
                    return (null, ex);
                }
            })),
            _ => { },
            CancellationToken);
        var plans = new RollbackPlan?[releases.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var name = releases[i].Name;
            if (results[i].Invalid is { } invalid)
            {
                WriteDrillError(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, invalid.Message, name, invalid));
            }
            else if (results[i].Result!.Error is { } error)
            {
                WriteDrillError(error, name);
            }
            else
            {
                plans[i] = results[i].Result!.Value;
            }
        }

        return plans;
    }

    /// <summary>
    /// The error for a rollback that was not run: helm rollback exits 1 for a revision that is not in the history
    /// ("release has no N version"), so a skipped rollback is never a silent success.
    /// </summary>
    internal static DrillException SkippedError(RollbackResult result)
    {
        var plan = result.Plan;
        var (id, kind, action) = plan.SkipReason switch
        {
            "TargetNotInHistory" => (ErrorIds.RevisionNotFound, DrillErrorKind.ObjectNotFound,
                $"List the revisions with Get-ReleaseRevision {plan.Name} and pass one of them to -Revision."),
            "TargetIsCurrent" or "InvalidRevision" => (ErrorIds.RollbackSkipped, DrillErrorKind.InvalidArgument,
                $"Pass an earlier -Revision (Get-ReleaseRevision {plan.Name} lists them)."),
            _ => (ErrorIds.RollbackSkipped, DrillErrorKind.InvalidOperation,
                $"Choose the revision by hand with -Revision (Get-ReleaseRevision {plan.Name} lists them)."),
        };
        return new DrillException(id, kind, $"{plan.Name}: not rolled back: {result.Message} {result.StateLeft}".Trim(), plan.Name)
        {
            RecommendedAction = action,
        };
    }

    /// <summary>The helm major the command line is built for: the detected helm's, else 3 (with a warning once).</summary>
    private HelmMajor HelmMajorForPlans()
    {
        if (major is { } known)
        {
            return (HelmMajor)known;
        }

        try
        {
            major = (int)EngineTaskRunner.Run<HelmMajor, int>(_ => Factory.DetectMajorAsync(CancellationToken), _ => { }, CancellationToken);
        }
        catch (DrillException ex) when (!HelmRequired)
        {
            WriteWarning($"{ex.Message} The helm command lines are shown for Helm 3.");
            major = (int)HelmMajor.V3;
        }
        catch (DrillException ex)
        {
            ThrowDrillError(ex);
        }

        return (HelmMajor)(major ?? (int)HelmMajor.V3);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            factory?.Dispose();
            factory = null;
        }

        base.Dispose(disposing);
    }
}
