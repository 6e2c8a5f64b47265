using System.Globalization;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Services;

/// <summary>
/// The state of releases now: the newest revision (helm status), the workloads labelled
/// app.kubernetes.io/instance=&lt;release&gt; (Helm's standard chart label) and their pods.
/// </summary>
public sealed class ReleaseStatusService
{
    /// <summary>The label Helm's chart starter (helm create) puts on every object of a release.</summary>
    public const string InstanceLabel = "app.kubernetes.io/instance";

    private readonly ReleaseHistoryService history;
    private readonly IWorkloadReader workloads;
    private readonly TimeProvider clock;

    public ReleaseStatusService(IReleaseStore store, IWorkloadReader workloads, TimeProvider? clock = null)
    {
        history = new ReleaseHistoryService(store);
        this.workloads = workloads;
        this.clock = clock ?? TimeProvider.System;
    }

    public async Task<IReadOnlyList<ReleaseResult<ReleaseStatus>>> GetStatusAsync(
        ReleaseQuery query, bool includePods, CancellationToken cancellationToken, IProgress<ReleaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (groups, errors) = await history.FindAsync(query, cancellationToken, progress).ConfigureAwait(false);
        var results = errors.Select(e => new ReleaseResult<ReleaseStatus>(e)).ToList();
        var statuses = new ReleaseResult<ReleaseStatus>[groups.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, groups.Count), options, async (i, ct) =>
        {
            statuses[i] = await StatusOfAsync(groups[i], query, includePods, ct).ConfigureAwait(false);
            var n = Interlocked.Increment(ref done);
            progress?.Report(new ReleaseProgress(string.Create(CultureInfo.InvariantCulture, $"Read {n} of {groups.Count} releases ({groups[i].Name})"), n, groups.Count));
        }).ConfigureAwait(false);
        results.AddRange(statuses);
        return results;
    }

    private async Task<ReleaseResult<ReleaseStatus>> StatusOfAsync(ReleaseGroup group, ReleaseQuery query, bool includePods, CancellationToken cancellationToken)
    {
        var current = await history.DecodeAsync(group.Newest, query.Context, includeValues: false, cancellationToken).ConfigureAwait(false);
        if (current.Value is not { } revision)
        {
            return current.Error is { } error ? new ReleaseResult<ReleaseStatus>(error) : throw new InvalidOperationException("A result has a value or an error.");
        }

        var ns = revision.ReleaseNamespace.Length > 0 ? revision.ReleaseNamespace : group.Namespace;
        var selector = $"{InstanceLabel}={group.Name}";
        try
        {
            var live = await workloads.ListWorkloadsAsync(ns, selector, cancellationToken).ConfigureAwait(false);
            var pods = await workloads.ListPodsAsync(ns, selector, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            return new ReleaseResult<ReleaseStatus>(Compose(revision, live, pods, includePods));
        }
        catch (DrillException ex)
        {
            return new ReleaseResult<ReleaseStatus>(ex);
        }
    }

    /// <summary>Pure: the status of a release from its newest revision, its live workloads and pods.</summary>
    public static ReleaseStatus Compose(ReleaseRevision revision, IReadOnlyList<LiveWorkload> live, IReadOnlyList<PodInfo> pods, bool includePods)
    {
        ArgumentNullException.ThrowIfNull(revision);
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(pods);
        var liveImages = live.SelectMany(w => w.Status.Images).Distinct(StringComparer.Ordinal).ToList();
        var commit = live.Select(w => GitCommitRule.FromMetadata(w.Metadata)).FirstOrDefault(c => c is not null)
            ?? GitCommitRule.FromImages(liveImages)
            ?? revision.GitCommit;
        return new ReleaseStatus
        {
            Name = revision.Name,
            Namespace = revision.Namespace,
            Revision = revision.Revision,
            Status = revision.Status,
            Chart = revision.Chart,
            ChartVersion = revision.ChartVersion,
            AppVersion = revision.AppVersion,
            Updated = revision.Updated,
            Description = revision.Description,
            Images = liveImages.Count > 0 ? liveImages : revision.Images,
            GitCommit = commit,
            Workloads = live.Select(w => w.Status).ToList(),
            Pods = includePods ? pods : [],
            PodsReady = pods.Count(p => p.IsReady),
            PodsTotal = pods.Count,
            Current = revision,
            Context = revision.Context,
        };
    }
}
