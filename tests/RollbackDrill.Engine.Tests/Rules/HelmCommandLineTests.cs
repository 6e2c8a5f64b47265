using RollbackDrill.Engine.Rules;
using Xunit;

namespace RollbackDrill.Engine.Tests.Rules;

public class HelmCommandLineTests
{
    [Fact]
    public void Helm3_ExactArgv()
    {
        var argv = HelmCommandLine.Build(HelmMajor.V3, "videokit-api", 41, "videokit", "prod-eu-west-1-admin", "/home/ops/.kube/config",
            wait: true, timeout: TimeSpan.FromMinutes(10), force: true, recreatePods: true, cleanupOnFail: true, noHooks: true, historyMax: 20);

        Assert.Equal(
            [
                "rollback", "videokit-api", "41",
                "--namespace=videokit", "--kube-context=prod-eu-west-1-admin", "--kubeconfig=/home/ops/.kube/config",
                "--wait", "--timeout=10m0s", "--force", "--recreate-pods", "--cleanup-on-fail", "--no-hooks", "--history-max=20",
            ],
            argv);
    }

    [Fact]
    public void Helm4_ExactArgv_WaitTakesAStrategy_ForceIsForceReplace()
    {
        var argv = HelmCommandLine.Build(HelmMajor.V4, "videokit-worker", 17, "videokit", "prod", "/k/config",
            wait: true, timeout: TimeSpan.FromSeconds(90), force: true, cleanupOnFail: true);

        Assert.Equal(
            [
                "rollback", "videokit-worker", "17",
                "--namespace=videokit", "--kube-context=prod", "--kubeconfig=/k/config",
                "--wait=watcher", "--timeout=1m30s", "--force-replace", "--cleanup-on-fail",
            ],
            argv);
    }

    [Theory]
    [InlineData(HelmWaitStrategy.Legacy, "--wait=legacy")]
    [InlineData(HelmWaitStrategy.HookOnly, "--wait=hookOnly")]
    [InlineData(HelmWaitStrategy.Watcher, "--wait=watcher")]
    public void Helm4_WaitStrategies(HelmWaitStrategy strategy, string flag)
    {
        var argv = HelmCommandLine.Build(HelmMajor.V4, "a", 1, "ns", "ctx", null, wait: true, timeout: null, waitStrategy: strategy);

        Assert.Contains(flag, argv);
    }

    [Fact]
    public void NoWait_NoTimeout_NoKubeconfig_OmitsThoseFlags()
    {
        var v3 = HelmCommandLine.Build(HelmMajor.V3, "a", 1, "ns", "ctx", null, wait: false, timeout: null);
        var v4 = HelmCommandLine.Build(HelmMajor.V4, "a", 1, "ns", "ctx", null, wait: false, timeout: null);

        Assert.Equal(["rollback", "a", "1", "--namespace=ns", "--kube-context=ctx"], v3);
        Assert.Equal(v3, v4);
    }

    [Fact]
    public void Helm4_RecreatePods_IsAnError()
    {
        var ex = Assert.Throws<DrillException>(() => HelmCommandLine.Build(HelmMajor.V4, "a", 1, "ns", "ctx", null, false, null, recreatePods: true));

        Assert.Equal(ErrorIds.InvalidArgument, ex.ErrorId);
        Assert.Contains("--recreate-pods", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingContext_IsContextRequired()
    {
        var ex = Assert.Throws<DrillException>(() => HelmCommandLine.Build(HelmMajor.V3, "a", 1, "ns", "", null, false, null));

        Assert.Equal(ErrorIds.ContextRequired, ex.ErrorId);
    }

    [Theory]
    [InlineData("--set=x")]
    [InlineData("Videokit")]
    [InlineData("a b")]
    [InlineData("")]
    [InlineData("this-release-name-is-far-too-long-for-helm-to-accept-it")]
    public void InvalidReleaseNames_AreRejected_SoNothingCanBeInjected(string release)
    {
        Assert.Throws<DrillException>(() => HelmCommandLine.Build(HelmMajor.V3, release, 1, "ns", "ctx", null, false, null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Revision_MustBeExplicit(int revision)
    {
        Assert.Throws<DrillException>(() => HelmCommandLine.Build(HelmMajor.V3, "a", revision, "ns", "ctx", null, false, null));
    }

    [Fact]
    public void ValuesWithSpacesStayOneArgument_AndDisplayIsQuoted()
    {
        var argv = HelmCommandLine.Build(HelmMajor.V3, "a", 2, "ns", "my ctx", "/path with space/config", false, null);

        Assert.Contains("--kube-context=my ctx", argv);
        Assert.Equal("helm rollback a 2 --namespace=ns '--kube-context=my ctx' '--kubeconfig=/path with space/config'",
            HelmCommandLine.ToDisplayString("helm", argv));
    }

    // Go's time.Duration.String cases (time/time_test.go durationTests) representable in 100 ns ticks, plus Helm's default.
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_100L, "1.1µs")]
    [InlineData(2_200_000L, "2.2ms")]
    [InlineData(3_300_000_000L, "3.3s")]
    [InlineData(245_000_000_000L, "4m5s")]
    [InlineData(245_001_000_000L, "4m5.001s")]
    [InlineData(18_367_001_000_000L, "5h6m7.001s")]
    [InlineData(300_000_000_000L, "5m0s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(500L * 1_000_000, "500ms")]
    [InlineData(100L, "100ns")]
    public void GoDuration_MatchesGo(long nanoseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromTicks(nanoseconds / 100)));
    }

    [Theory]
    [InlineData("v3.15.4+gfa9efb0", 3, 15, 4, null, "fa9efb0", HelmMajor.V3)]
    [InlineData("v4.0.0", 4, 0, 0, null, null, HelmMajor.V4)]
    [InlineData("v4.1.0-rc.1+g1234abc\n", 4, 1, 0, "rc.1", "1234abc", HelmMajor.V4)]
    [InlineData("Client: v2.17.0+ga690bad", 2, 17, 0, null, "a690bad", null)]
    public void HelmVersion_ParsesVersionShort(string text, int major, int minor, int patch, string? pre, string? commit, HelmMajor? supported)
    {
        var version = HelmVersion.Parse(text);

        Assert.Equal((major, minor, patch, pre, commit, supported), (version.Major, version.Minor, version.Patch, version.PreRelease, version.GitCommit, version.SupportedMajor));
    }

    [Theory]
    [InlineData("")]
    [InlineData("helm: command not found")]
    public void HelmVersion_RejectsNonVersions(string text)
    {
        Assert.False(HelmVersion.TryParse(text, out _));
        Assert.Throws<FormatException>(() => HelmVersion.Parse(text));
    }
}
