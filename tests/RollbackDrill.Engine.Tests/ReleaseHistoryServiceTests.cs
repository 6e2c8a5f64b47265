using RollbackDrill.Engine.Cluster;
using RollbackDrill.Engine.Services;

namespace RollbackDrill.Engine.Tests;

public sealed class ReleaseHistoryServiceTests
{
    private static CountingReleaseStore Videokit()
    {
        var store = new CountingReleaseStore();
        for (var rev = 1; rev <= 42; rev++)
        {
            store.Add("videokit-api", "videokit", rev, rev == 42 ? "deployed" : "superseded");
        }

        for (var rev = 1; rev <= 18; rev++)
        {
            store.Add("videokit-worker", "videokit", rev, rev == 18 ? "deployed" : rev == 5 ? "failed" : "superseded");
        }

        store.Add("other", "staging", 1, "deployed");
        return store;
    }

    private static async Task<(List<ReleaseRevision> Ok, List<DrillException> Errors)> Run(IReleaseStore store, ReleaseQuery query)
    {
        var results = await new ReleaseHistoryService(store).GetRevisionsAsync(query, CancellationToken.None);
        return (results.Select(r => r.Value).OfType<ReleaseRevision>().ToList(), results.Select(r => r.Error).OfType<DrillException>().ToList());
    }

    [Fact]
    public async Task ListsRevisionsOldestFirstWithChartAndStatusFromTheBody()
    {
        var store = Videokit();
        var (ok, errors) = await Run(store, new ReleaseQuery { Names = ["videokit-api"], Namespace = "videokit", Revisions = [41, 42], Context = "prod" });
        Assert.Empty(errors);
        Assert.Equal([41, 42], ok.Select(r => r.Revision).ToArray());
        Assert.Equal(["superseded", "deployed"], ok.Select(r => r.Status).ToArray());
        Assert.All(ok, r =>
        {
            Assert.Equal("videokit-0.1.0", r.Chart);
            Assert.Equal("1.0.0", r.AppVersion);
            Assert.Equal("prod", r.Context);
            Assert.Equal("videokit", r.Namespace);
            Assert.StartsWith("sha256:", r.ManifestDigest);
            Assert.Null(r.Values);
        });
        Assert.Equal(HelmRecords.Commit(42), ok[1].GitCommit);
        Assert.Equal("videokit-api", Assert.Single(store.ListedNames)); // Helm's own query: owner=helm,name=X
        Assert.Equal(2, store.PayloadFetches);
    }

    [Fact]
    public async Task LastOneOf200RevisionsDecodesOneRecord()
    {
        var store = new CountingReleaseStore();
        for (var rev = 1; rev <= 200; rev++)
        {
            store.Add("big", "videokit", rev, rev == 200 ? "deployed" : "superseded");
        }

        var (ok, errors) = await Run(store, new ReleaseQuery { Names = ["big"], Namespace = "videokit", Last = 1 });
        Assert.Empty(errors);
        Assert.Equal(200, Assert.Single(ok).Revision);
        Assert.Equal(1, store.PayloadFetches);
    }

    [Fact]
    public async Task WildcardLastOneGivesOneObjectPerRelease()
    {
        var store = Videokit();
        var (ok, _) = await Run(store, new ReleaseQuery { Names = ["videokit-*"], Namespace = "videokit", Last = 1 });
        Assert.Equal(["videokit-api:42", "videokit-worker:18"], ok.Select(r => r.ToString()).ToArray());
        Assert.Equal(2, store.PayloadFetches);
        Assert.Null(Assert.Single(store.ListedNames)); // one listing of every release, filtered locally
    }

    [Fact]
    public async Task StatusFilterUsesLabelsAndDecodesOnlyMatches()
    {
        var store = Videokit();
        var (ok, _) = await Run(store, new ReleaseQuery { Names = ["videokit-worker"], Namespace = "videokit", Statuses = ["fail*", "DEPLOYED"] });
        Assert.Equal([5, 18], ok.Select(r => r.Revision).ToArray());
        Assert.Equal(2, store.PayloadFetches);
    }

    [Fact]
    public async Task ACorruptRecordIsAnErrorAndTheOthersStillFlow()
    {
        var store = new CountingReleaseStore()
            .Add("api", "videokit", 1, "superseded")
            .Add("api", "videokit", 2, "superseded", payload: "H4sI!!!corrupt")
            .Add("api", "videokit", 3, "deployed");
        var (ok, errors) = await Run(store, new ReleaseQuery { Names = ["api"], Namespace = "videokit" });
        Assert.Equal([1, 3], ok.Select(r => r.Revision).ToArray());
        var error = Assert.Single(errors);
        Assert.Equal(ErrorIds.ReleaseRecordCorrupt, error.ErrorId);
        Assert.Contains("Secret videokit/sh.helm.release.v1.api.v2", error.Message);
    }

    [Fact]
    public async Task UnknownReleaseIsReleaseNotFoundNamingTheNamespace()
    {
        var (ok, errors) = await Run(Videokit(), new ReleaseQuery { Names = ["nope", "videokit-api"], Namespace = "videokit", Last = 1 });
        Assert.Equal("videokit-api", Assert.Single(ok).Name);
        var error = Assert.Single(errors);
        Assert.Equal(ErrorIds.ReleaseNotFound, error.ErrorId);
        Assert.Equal(DrillErrorKind.ObjectNotFound, error.Kind);
        Assert.Contains("'videokit'", error.Message);
        Assert.Equal("nope", error.Target);
    }

    [Fact]
    public async Task AWildcardThatMatchesNothingIsNotAnError()
    {
        var (ok, errors) = await Run(Videokit(), new ReleaseQuery { Names = ["zzz*"], Namespace = "videokit" });
        Assert.Empty(ok);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task AMissingRevisionIsRevisionNotFound()
    {
        var (ok, errors) = await Run(Videokit(), new ReleaseQuery { Names = ["videokit-worker"], Namespace = "videokit", Revisions = [17, 99] });
        Assert.Equal(17, Assert.Single(ok).Revision);
        var error = Assert.Single(errors);
        Assert.Equal(ErrorIds.RevisionNotFound, error.ErrorId);
        Assert.Contains("1..18", error.Message);
    }

    [Fact]
    public async Task AllNamespacesGroupsByNamespaceThenName()
    {
        var (ok, _) = await Run(Videokit(), new ReleaseQuery { Namespace = null, Last = 1 });
        Assert.Equal(["staging/other", "videokit/videokit-api", "videokit/videokit-worker"], ok.Select(r => $"{r.Namespace}/{r.Name}").ToArray());
    }

    [Fact]
    public async Task BodyIsAuthoritativeOverMissingOrStaleLabels()
    {
        // No version label (revision from the object name) and a stale status label.
        var labels = new Dictionary<string, string> { ["name"] = "api", ["owner"] = "helm", ["status"] = "deployed" };
        var store = new CountingReleaseStore().Add("api", "videokit", 7, "superseded", labels: labels);
        var (ok, _) = await Run(store, new ReleaseQuery { Names = ["api"], Namespace = "videokit", Revisions = [7] });
        var r = Assert.Single(ok);
        Assert.Equal(7, r.Revision);
        Assert.Equal("superseded", r.Status);
    }

    [Fact]
    public async Task ValuesOnlyWhenAsked()
    {
        var (ok, _) = await Run(Videokit(), new ReleaseQuery { Names = ["videokit-api"], Namespace = "videokit", Last = 1, IncludeValues = true });
        var values = Assert.Single(ok).Values!;
        Assert.Equal(HelmRecords.SecretValue, ((System.Collections.Hashtable)values["DB"]!)["password"]); // case-insensitive like @{}
    }

    [Fact]
    public async Task RollbackOfComesFromTheDescription()
    {
        var store = new CountingReleaseStore()
            .Add("api", "videokit", 43, "deployed", HelmRecords.Payload("api", "videokit", 43, "deployed", description: "Rollback to 41"));
        var (ok, _) = await Run(store, new ReleaseQuery { Names = ["api"], Namespace = "videokit" });
        Assert.Equal(41, Assert.Single(ok).RollbackOf);
    }

    [Fact]
    public async Task AListingFailureIsAnErrorForThatName()
    {
        var store = Videokit();
        store.ListFailure = new DrillException(ErrorIds.PermissionDenied, DrillErrorKind.PermissionDenied, "list secrets in namespace videokit");
        var (ok, errors) = await Run(store, new ReleaseQuery { Names = ["videokit-api"], Namespace = "videokit" });
        Assert.Empty(ok);
        var error = Assert.Single(errors); // no extra ReleaseNotFound on top
        Assert.Equal(ErrorIds.PermissionDenied, error.ErrorId);
        Assert.Equal("videokit-api", error.Target);
    }

    [Fact]
    public async Task ReportsProgressEndingAtTheTotal()
    {
        var reports = new List<ReleaseProgress>();
        var progress = new SyncProgress(reports);
        await new ReleaseHistoryService(Videokit()).GetRevisionsAsync(new ReleaseQuery { Names = ["videokit-api"], Namespace = "videokit" }, CancellationToken.None, progress);
        var last = reports.MaxBy(r => r.Done)!;
        Assert.Equal(42, last.Done);
        Assert.Equal(100, last.PercentComplete);
    }

    private sealed class SyncProgress(List<ReleaseProgress> reports) : IProgress<ReleaseProgress>
    {
        public void Report(ReleaseProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
