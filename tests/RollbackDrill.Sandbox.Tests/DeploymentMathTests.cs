using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Controllers;

namespace RollbackDrill.Sandbox.Tests;

public sealed class DeploymentMathTests
{
    // Cases from pkg/controller/deployment/util TestResolveFenceposts: surge rounds up, unavailable down.
    [Theory]
    [InlineData("0", "0", 1, 0, 1)]
    [InlineData("39%", "39%", 10, 4, 3)]
    [InlineData("25%", "25%", 1, 1, 0)]
    [InlineData("25%", "25%", 3, 1, 0)]
    [InlineData("25%", "25%", 4, 1, 1)]
    [InlineData("25%", "25%", 10, 3, 2)]
    [InlineData("1", "1", 5, 1, 1)]
    [InlineData("0%", "0%", 100, 0, 1)]
    [InlineData("50%", "0", 3, 2, 0)]
    public void ResolveFenceposts(string surge, string unavailable, long desired, long expectedSurge, long expectedUnavailable)
    {
        static JsonNode Value(string v) => int.TryParse(v, out var i) ? JsonValue.Create(i) : JsonValue.Create(v);
        var (s, u) = DeploymentMath.ResolveFenceposts(Value(surge), Value(unavailable), desired);
        Assert.Equal(expectedSurge, s);
        Assert.Equal(expectedUnavailable, u);
    }

    // deployment util TestNewRSNewReplicas (RollingUpdate).
    [Theory]
    [InlineData(1, 1, 1, 0, 1)]   // scale up to replicas
    [InlineData(10, 3, 13, 5, 5)] // at maxTotal: no change
    [InlineData(10, 3, 12, 5, 6)] // one slot left
    [InlineData(10, 3, 5, 0, 8)]  // 13 - 5 = 8 more
    [InlineData(10, 3, 2, 0, 10)] // capped by desired
    public void NewRSNewReplicas(long desired, long maxSurge, long currentPods, long newRs, long expected) =>
        Assert.Equal(expected, DeploymentMath.NewRSNewReplicas(desired, maxSurge, currentPods, newRs));

    [Fact]
    public void MaxScaledDown_RespectsMinAvailableAndNewUnavailable()
    {
        // 10 replicas, maxUnavailable 2, 13 pods, new RS 3 pods of which 1 available: 13 - 8 - 2 = 3.
        Assert.Equal(3, DeploymentMath.MaxScaledDown(13, 10, 2, 3, 1));
        Assert.True(DeploymentMath.MaxScaledDown(10, 10, 0, 2, 0) <= 0);
    }

    [Fact]
    public void TimedOut_UsesLastUpdateTimeAndReasons()
    {
        var now = DateTimeOffset.Parse("2026-01-01T00:00:10Z", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Cond(string reason, string updated) => new() { ["reason"] = reason, ["lastUpdateTime"] = updated };
        Assert.True(DeploymentMath.TimedOut(Cond("ReplicaSetUpdated", "2026-01-01T00:00:04Z"), 5, now));
        Assert.False(DeploymentMath.TimedOut(Cond("ReplicaSetUpdated", "2026-01-01T00:00:06Z"), 5, now));
        Assert.False(DeploymentMath.TimedOut(Cond("NewReplicaSetAvailable", "2026-01-01T00:00:00Z"), 5, now));
        Assert.True(DeploymentMath.TimedOut(Cond("ProgressDeadlineExceeded", "2026-01-01T00:00:09Z"), 5, now));
        Assert.False(DeploymentMath.TimedOut(null, 5, now));
    }

    [Fact]
    public void Complete_NeedsAllCountersAndObservedGeneration()
    {
        var status = JsonNode.Parse("""{"updatedReplicas":3,"replicas":3,"availableReplicas":3,"observedGeneration":2}""")!.AsObject();
        Assert.True(DeploymentMath.Complete(3, 2, status));
        Assert.False(DeploymentMath.Complete(3, 3, status));
        status["replicas"] = 4;
        Assert.False(DeploymentMath.Complete(3, 2, status));
    }

    [Fact]
    public void DurationParsing_GoStyle()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), J.ParseDuration("2s"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), J.ParseDuration("500ms"));
        Assert.Equal(TimeSpan.FromSeconds(90), J.ParseDuration("1m30s"));
        Assert.Null(J.ParseDuration("soon"));
    }
}
