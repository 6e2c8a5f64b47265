using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Helm;
using RollbackDrill.Engine.Rules;
using RollbackDrill.Engine.Services;

namespace RollbackDrill.Engine.Rollback;

/// <summary>
/// Resolves a release's rollback from Helm's storage, read-only: the history (helm's rules in
/// <see cref="HelmRollbackRules"/>), the current and target manifests (workloads, images, <see cref="ManifestDiff"/>),
/// and the helm argv. Never carries Helm's config (the user's values).
/// </summary>
public sealed class RollbackPlanner
{
    private readonly ReleaseHistoryService history;
    private readonly IReleaseStore store;
    private readonly TimeProvider time;

    public RollbackPlanner(IReleaseStore store, TimeProvider? time = null)
    {
        this.store = store ?? throw new ArgumentNullException(nameof(store));
        history = new ReleaseHistoryService(store);
        this.time = time ?? TimeProvider.System;
    }

    public async Task<ReleaseResult<RollbackPlan>> PlanAsync(RollbackPlanRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new ReleaseResult<RollbackPlan>((await PlanDetailedAsync(request, cancellationToken).ConfigureAwait(false)).Plan);
        }
        catch (DrillException ex)
        {
            return new ReleaseResult<RollbackPlan>(ex);
        }
    }

    /// <summary>The plan and the rule-level target. Throws <see cref="DrillException"/> (not found, unreadable records).</summary>
    public async Task<PlannedRollback> PlanDetailedAsync(RollbackPlanRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (records, bodies) = await ReadAsync(request.Name, request.Namespace, request.Connection.Context, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var target = HelmRollbackRules.ResolveTarget(records, request.Revision, request.ToLastDeployed, now);
        var currentBody = target.Current is { } c ? bodies.GetValueOrDefault(c.Revision) : null;
        var targetBody = target.Target is { } t ? bodies.GetValueOrDefault(t.Revision) : null;
        if (target.WillRun && (currentBody is null || targetBody is null))
        {
            var missing = currentBody is null ? target.Current!.Revision : target.Target!.Revision;
            throw new DrillException(ErrorIds.ReleaseRecordCorrupt, DrillErrorKind.InvalidData,
                $"Release '{request.Name}' revision {missing} could not be decoded, so its manifest is unknown: no plan is made from a record that cannot be read.",
                $"{request.Name}:{missing}")
            {
                RecommendedAction = $"Inspect the record with kubectl get secrets,configmaps -l owner=helm,name={request.Name} --namespace {request.Namespace}; delete it if Helm did not write it.",
            };
        }

        var workloads = ManifestReader.Workloads(targetBody?.Manifest)
            .Where(w => w.Kind is "Deployment" or "StatefulSet" or "DaemonSet")
            .Select(w => new RollbackPlanWorkload { Kind = w.Kind, Namespace = w.Namespace ?? request.Namespace, Name = w.Name, Images = w.Images })
            .ToList();
        var changes = new List<RollbackPlanChange>();
        var unchanged = 0;
        if (currentBody is not null && targetBody is not null)
        {
            var diff = ManifestDiff.Compare(currentBody.Manifest, targetBody.Manifest, request.Namespace);
            unchanged = diff.UnchangedCount;
            changes.AddRange(diff.Objects.Select(o => new RollbackPlanChange
            {
                Change = o.Change.ToString(),
                Kind = o.Key.Kind,
                Name = o.Key.Name,
                Namespace = o.Key.Namespace,
                ApiVersion = o.Key.ApiVersion,
                Fields = o.Fields.Select(f => f.ToString()).ToList(),
            }));
        }

        IReadOnlyList<string> args = [];
        var command = string.Empty;
        if (target.WillRun)
        {
            args = Invocation(request, target.Target!.Revision, request.Options.Timeout).Arguments(request.HelmMajor);
            command = HelmCommandLine.ToDisplayString("helm", args);
        }

        var plan = new RollbackPlan
        {
            Name = request.Name,
            Namespace = request.Namespace,
            Context = request.Connection.Context,
            StorageDriver = request.Driver,
            CurrentRevision = target.Current?.Revision,
            CurrentStatus = target.Current?.Status.ToHelmString() ?? string.Empty,
            TargetRevision = target.Target?.Revision,
            TargetStatus = target.Target?.Status.ToHelmString() ?? string.Empty,
            NewRevision = target.NewRevision,
            TargetReason = target.Reason.ToString(),
            WillRun = target.WillRun,
            SkipReason = target.Skip.ToString(),
            SkipMessage = target.SkipMessage,
            Warnings = target.Warnings,
            Locked = target.Lock is not null,
            LockAge = target.Lock?.Age,
            LockMessage = target.Lock?.Describe(),
            RequiresConfirmation = target.RequiresConfirmation,
            ChartBefore = target.Current?.Chart ?? string.Empty,
            ChartAfter = target.Target?.Chart ?? string.Empty,
            AppVersionBefore = target.Current?.AppVersion ?? string.Empty,
            AppVersionAfter = target.Target?.AppVersion ?? string.Empty,
            ImagesBefore = ManifestReader.Images(ManifestReader.Workloads(currentBody?.Manifest)),
            ImagesAfter = ManifestReader.Images(ManifestReader.Workloads(targetBody?.Manifest)),
            Workloads = workloads,
            Changes = changes,
            UnchangedObjects = unchanged,
            HelmMajorVersion = (int)request.HelmMajor,
            HelmArguments = args,
            HelmCommand = command,
            PlannedAt = now,
        };
        return new PlannedRollback(plan, target, records);
    }

    /// <summary>The release's revisions as the rules need them (statuses from the decoded bodies, which are authoritative).</summary>
    public async Task<IReadOnlyList<HelmRevisionRecord>> ReadHistoryAsync(string name, string ns, string context, CancellationToken cancellationToken) =>
        (await ReadAsync(name, ns, context, cancellationToken).ConfigureAwait(false)).Records;

    /// <summary>The helm rollback to run for a plan's target.</summary>
    public static HelmInvocation Invocation(RollbackPlanRequest request, int revision, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = request.Options;
        return new HelmInvocation
        {
            Release = request.Name,
            Namespace = request.Namespace,
            Revision = revision,
            Connection = request.Connection,
            Driver = request.Driver,
            Timeout = timeout,
            Wait = o.HelmWait,
            WaitStrategy = o.WaitStrategy,
            ForceReplace = o.ForceReplace,
            CleanupOnFail = o.CleanupOnFail,
            NoHooks = o.NoHooks,
        };
    }

    private async Task<(List<HelmRevisionRecord> Records, Dictionary<int, DecodedRelease> Bodies)> ReadAsync(
        string name, string ns, string context, CancellationToken cancellationToken)
    {
        var query = new ReleaseQuery { Names = [name], Namespace = ns, Context = context };
        var (groups, errors) = await history.FindAsync(query, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            throw errors[0];
        }

        var group = groups.FirstOrDefault(g => g.Name == name && g.Namespace == ns)
            ?? throw ReleaseHistoryService.NotFound(name, ns);
        var records = new List<HelmRevisionRecord>();
        var bodies = new Dictionary<int, DecodedRelease>();
        var decoded = new DecodedRelease?[group.Records.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, group.Records.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                try
                {
                    var payload = await store.GetPayloadAsync(group.Records[i], ct).ConfigureAwait(false);
                    decoded[i] = HelmReleaseDecoder.Decode(payload, group.Records[i].Describe());
                }
                catch (DrillException)
                {
                    // An unreadable old record keeps its labels' status; a plan never uses its manifest (checked above).
                }
            }).ConfigureAwait(false);
        for (var i = 0; i < group.Records.Count; i++)
        {
            var record = group.Records[i];
            var body = decoded[i];
            var revision = body is { Version: > 0 } ? body.Version : record.Revision ?? 0;
            if (revision <= 0)
            {
                continue;
            }

            if (body is not null)
            {
                bodies[revision] = body;
                var chart = body.ChartName.Length == 0 ? null : $"{body.ChartName}-{body.ChartVersion}";
                records.Add(new HelmRevisionRecord(revision, HelmReleaseStatuses.Parse(body.Status), chart,
                    body.AppVersion.Length == 0 ? null : body.AppVersion, body.LastDeployed, body.Description));
            }
            else
            {
                records.Add(new HelmRevisionRecord(revision, HelmReleaseStatuses.Parse(record.Status), null, null, null));
            }
        }

        return (records, bodies);
    }
}
