using System.Globalization;
using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Services;

/// <summary>
/// Release history from Helm's storage: lists records by labels (no decoding), filters on labels by name,
/// revision, status and -Last, then decodes only the records that are output. Each decoded record is a result or
/// an error of its own, so one corrupt record never hides the others.
/// </summary>
public sealed class ReleaseHistoryService
{
    private readonly IReleaseStore store;

    public ReleaseHistoryService(IReleaseStore store) => this.store = store;

    public async Task<IReadOnlyList<ReleaseResult<ReleaseRevision>>> GetRevisionsAsync(
        ReleaseQuery query, CancellationToken cancellationToken, IProgress<ReleaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (groups, errors) = await FindAsync(query, cancellationToken, progress).ConfigureAwait(false);
        var results = errors.Select(e => new ReleaseResult<ReleaseRevision>(e)).ToList();

        var statuses = query.Statuses.Select(s => new NamePattern(s)).ToList();
        var literals = query.Names.Select(n => new NamePattern(n)).Where(p => !p.IsWildcard).ToList();
        var selected = new List<ReleaseRecord>();
        foreach (var group in groups)
        {
            var keep = group.Records
                .Where(r => query.Revisions.Count == 0 || (r.Revision is { } rev && query.Revisions.Contains(rev)))
                .Where(r => statuses.Count == 0 || r.Status is null || statuses.Any(p => p.IsMatch(r.Status)))
                .ToList();
            if (query.Last is { } last)
            {
                keep = keep.Skip(Math.Max(0, keep.Count - last)).ToList();
            }

            // A missing revision is an error for a release named literally; a wildcard just selects what exists.
            var named = literals.Any(p => p.IsMatch(group.Name));
            foreach (var missing in query.Revisions.Where(rev => named && !group.Records.Any(r => r.Revision == rev)).Distinct())
            {
                results.Add(new ReleaseResult<ReleaseRevision>(new DrillException(
                    ErrorIds.RevisionNotFound,
                    DrillErrorKind.ObjectNotFound,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Release '{group.Name}' in namespace '{group.Namespace}' has no revision {missing}. It has revisions {RevisionList(group)}."),
                    $"{group.Name}:{missing}")));
            }

            selected.AddRange(keep);
        }

        var decoded = await DecodeAllAsync(selected, query.Context, query.IncludeValues, cancellationToken, progress).ConfigureAwait(false);
        foreach (var result in decoded)
        {
            // A record without a status label was kept above; its body decides.
            if (result.Value is { } rev && statuses.Count > 0 && !statuses.Any(p => p.IsMatch(rev.Status)))
            {
                continue;
            }

            results.Add(result);
        }

        return results;
    }

    /// <summary>Lists and groups the records the query's names select; names given literally and not found are errors.</summary>
    public async Task<(IReadOnlyList<ReleaseGroup> Groups, IReadOnlyList<DrillException> Errors)> FindAsync(
        ReleaseQuery query, CancellationToken cancellationToken, IProgress<ReleaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        var patterns = (query.Names.Count == 0 ? ["*"] : query.Names).Select(n => new NamePattern(n)).ToList();
        var errors = new List<DrillException>();
        var records = new List<ReleaseRecord>();
        progress?.Report(new ReleaseProgress(
            query.Namespace is null ? "Listing Helm release records in all namespaces" : $"Listing Helm release records in namespace {query.Namespace}", 0, 0));

        // One literal name: Helm's own query (owner=helm,name=X). Any wildcard: one listing of every release.
        var literals = patterns.Where(p => !p.IsWildcard).Select(p => p.Literal).Distinct(StringComparer.Ordinal).ToList();
        var needAll = patterns.Any(p => p.IsWildcard) || literals.Count > 3;
        var failedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (needAll)
        {
            try
            {
                records.AddRange(await store.ListAsync(query.Namespace, null, cancellationToken).ConfigureAwait(false));
            }
            catch (DrillException ex)
            {
                errors.Add(WithTarget(ex, string.Join(", ", patterns.Select(p => p.Text))));
                failedNames.UnionWith(patterns.Select(p => p.Literal));
            }
        }
        else
        {
            foreach (var name in literals)
            {
                try
                {
                    records.AddRange(await store.ListAsync(query.Namespace, name, cancellationToken).ConfigureAwait(false));
                }
                catch (DrillException ex)
                {
                    errors.Add(WithTarget(ex, name));
                    failedNames.Add(name);
                }
            }
        }

        var groups = records
            .Where(r => patterns.Any(p => p.IsMatch(r.Name)))
            .GroupBy(r => (r.ObjectNamespace, r.Name))
            .Select(g => new ReleaseGroup(
                g.Key.ObjectNamespace,
                g.Key.Name,
                g.GroupBy(r => r.Revision).Select(d => d.First()).OrderBy(r => r.Revision ?? 0).ToList()))
            .OrderBy(g => g.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Name, StringComparer.Ordinal)
            .ToList();

        foreach (var p in patterns.Where(p => !p.IsWildcard && !failedNames.Contains(p.Literal)))
        {
            if (!groups.Any(g => p.IsMatch(g.Name)))
            {
                errors.Add(NotFound(p.Literal, query.Namespace));
            }
        }

        return (groups, errors);
    }

    /// <summary>Fetches (when the listing did not carry it) and decodes each record, in parallel, keeping order.</summary>
    public async Task<IReadOnlyList<ReleaseResult<ReleaseRevision>>> DecodeAllAsync(
        IReadOnlyList<ReleaseRecord> records, string context, bool includeValues, CancellationToken cancellationToken, IProgress<ReleaseProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        var results = new ReleaseResult<ReleaseRevision>[records.Count];
        var done = 0;
        var step = Math.Max(1, records.Count / 50);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, records.Count), options, async (i, ct) =>
        {
            results[i] = await DecodeAsync(records[i], context, includeValues, ct).ConfigureAwait(false);
            var n = Interlocked.Increment(ref done);
            if (n % step == 0 || n == records.Count)
            {
                progress?.Report(new ReleaseProgress(string.Create(CultureInfo.InvariantCulture, $"Decoded {n} of {records.Count} release records"), n, records.Count));
            }
        }).ConfigureAwait(false);
        return results;
    }

    public async Task<ReleaseResult<ReleaseRevision>> DecodeAsync(ReleaseRecord record, string context, bool includeValues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            var payload = await store.GetPayloadAsync(record, cancellationToken).ConfigureAwait(false);
            var body = HelmReleaseDecoder.Decode(payload, record.Describe());
            return new ReleaseResult<ReleaseRevision>(ReleaseRevisionFactory.Create(record, body, context, includeValues));
        }
        catch (DrillException ex)
        {
            return new ReleaseResult<ReleaseRevision>(ex);
        }
    }

    public static DrillException NotFound(string name, string? ns) => new(
        ErrorIds.ReleaseNotFound,
        DrillErrorKind.ObjectNotFound,
        ns is null
            ? $"Release '{name}' was not found in any namespace (no Helm record labelled owner=helm,name={name})."
            : $"Release '{name}' was not found in namespace '{ns}' (no Helm record labelled owner=helm,name={name}). " +
              "Check -Namespace, or search every namespace with -AllNamespaces.",
        name)
    {
        RecommendedAction = "Check -Namespace or use -AllNamespaces.",
    };

    private static string RevisionList(ReleaseGroup group)
    {
        var revs = group.Records.Select(r => r.Revision).OfType<int>().ToList();
        return revs.Count == 0 ? "(none)" : revs.Count > 10 ? $"{revs[0]}..{revs[^1]}" : string.Join(", ", revs);
    }

    private static DrillException WithTarget(DrillException ex, string target) =>
        ex.Target is not null ? ex : new DrillException(ex.ErrorId, ex.Kind, ex.Message, target, ex.InnerException) { RecommendedAction = ex.RecommendedAction };
}
