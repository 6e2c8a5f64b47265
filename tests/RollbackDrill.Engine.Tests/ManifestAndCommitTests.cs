using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Tests;

public sealed class ManifestAndCommitTests
{
    [Fact]
    public void FindsImagesOfWorkloadsIncludingInitContainersAndCronJobs()
    {
        var manifest = HelmRecords.Manifest("api", "reg.example.com/videokit/api:03d5aeb0") + """
            ---
            # Source: videokit/templates/cron.yaml
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: api-cleanup
            spec:
              schedule: "0 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                      - name: cleanup
                        image: reg.example.com/videokit/cleanup@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: not-a-workload
            data:
              image: "looks-like-an-image:1"
            """;
        var workloads = ManifestReader.Workloads(manifest);
        Assert.Equal(["Deployment", "CronJob"], workloads.Select(w => w.Kind).ToArray());
        Assert.Equal(
            ["reg.example.com/videokit/api:03d5aeb0", "reg.example.com/videokit/cleanup@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
            ManifestReader.Images(workloads).ToArray());
    }

    [Fact]
    public void ADocumentThatDoesNotParseDoesNotHideTheOthers()
    {
        var manifest = "---\nkind: Deployment\nmetadata: [unclosed\n" + HelmRecords.Manifest("api", "img:1");
        Assert.Equal(["img:1"], ManifestReader.Images(ManifestReader.Workloads(manifest)).ToArray());
        Assert.Empty(ManifestReader.Workloads(""));
    }

    [Fact]
    public void DigestIsSha256OfTheManifestText()
    {
        Assert.Equal("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ManifestReader.Digest(""));
        Assert.NotEqual(ManifestReader.Digest("a"), ManifestReader.Digest("b"));
    }

    [Theory]
    [InlineData("reg.example.com/videokit/api:03d5aeb0", "03d5aeb0")]
    [InlineData("reg.example.com:5000/videokit/api:1.0.0-44f1639", "44f1639")]
    [InlineData("api:sha-44f1639abc", "44f1639abc")]
    [InlineData("api:1.0.0", null)]
    [InlineData("api:20241118", null)] // a build number is not a commit (no hex letter)
    [InlineData("reg.example.com:5000/api", null)]
    [InlineData("api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", null)]
    [InlineData("api:0123456789abcdef0123456789abcdef012345678", null)] // 41 hex: too long for a commit
    public void ImageTagsThatLookLikeCommits(string image, string? commit) =>
        Assert.Equal(commit, GitCommitRule.FromImages([image]));

    [Fact]
    public void CommitLabelsWinOverTagsAndVersionLabel()
    {
        Assert.Equal("44f1639", GitCommitRule.FromMetadata(new Dictionary<string, string> { ["example.com/git-commit"] = "44f1639", ["app.kubernetes.io/version"] = "abcdef12" }));
        Assert.Equal("abcdef12", GitCommitRule.FromMetadata(new Dictionary<string, string> { ["app.kubernetes.io/version"] = "abcdef12" }));
        Assert.Null(GitCommitRule.FromMetadata(new Dictionary<string, string> { ["app.kubernetes.io/version"] = "1.0.0", ["commit"] = "not-hex" }));
    }

    [Fact]
    public void RevisionTakesCommitFromTheManifestsPodTemplateLabel()
    {
        var manifest = HelmRecords.Manifest("api", "api:1.0.0", commitLabel: "03d5aeb0");
        var body = HelmReleaseDecoder.Decode(HelmRecords.Encode(HelmRecords.Json("api", "videokit", 42, "deployed", manifest)), "x");
        var record = ReleaseRecord.FromObject(HelmStorageDriver.Secret, "sh.helm.release.v1.api.v42", "videokit", HelmRecords.Labels("api", 42, "deployed"), null);
        var revision = ReleaseRevisionFactory.Create(record, body, "ctx", includeValues: false);
        Assert.Equal("03d5aeb0", revision.GitCommit);
        Assert.Equal(["api:1.0.0"], revision.Images.ToArray());
        Assert.Null(revision.Values);
    }
}
