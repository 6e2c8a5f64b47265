namespace RollbackDrill.Engine.Tests.Reports;

/// <summary>The videokit drill of seed 003 as a report: two releases rolled back 42 → 43 (41) and 18 → 19 (17).</summary>
internal static class ReportSamples
{
    public static readonly DateTimeOffset Start = new(2024, 11, 18, 9, 0, 0, TimeSpan.Zero);

    public static DrillReport Videokit(bool canaryMet = true)
    {
        var r = new DrillReport
        {
            Title = "Rollback Drill Report (T18d + T19a)",
            Summary = "Validate that we can safely rollback the last deployment and restore service health in under 10 minutes.",
            WindowStart = Start,
            WindowEnd = Start.AddMinutes(30),
            Environment = "prod-eu-west-1",
            Context = new ReportContext { Name = "prod-eu-west-1-admin", Server = "https://10.0.0.1:6443", Namespace = "videokit" },
            Operator = "alice",
            ToolVersion = "0.1.0",
            GeneratedAt = Start.AddMinutes(31),
        };
        r.Releases.Add("videokit/videokit-api");
        r.Releases.Add("videokit/videokit-worker");
        r.Objectives.Add(new ReportObjective { Name = "Service restored", Target = TimeSpan.FromMinutes(10), Measured = new TimeSpan(0, 4, 12), Resolution = TimeSpan.FromSeconds(1) });
        r.Objectives.Add(new ReportObjective { Name = "Canary", Target = TimeSpan.FromMinutes(5), Measured = canaryMet ? new TimeSpan(0, 4, 55) : new TimeSpan(0, 5, 10), Resolution = TimeSpan.FromSeconds(5) });
        r.Components.Add(new ReportComponentState { Component = "API", Phase = ReportPhase.Before, Release = "videokit-api", HelmRevision = 42, ChartVersion = "videokit-0.1.0", AppVersion = "1.0.0", GitCommit = "03d5aeb0", Status = "Healthy (baseline)" });
        r.Components.Add(new ReportComponentState { Component = "API", Phase = ReportPhase.After, Release = "videokit-api", HelmRevision = 43, RollbackOf = 41, ChartVersion = "videokit-0.1.0", AppVersion = "1.0.0", GitCommit = "44f1639", Status = "Healthy (/readyz=200, pods ready)" });
        r.Components.Add(new ReportComponentState { Component = "Worker", Phase = ReportPhase.Before, Release = "videokit-worker", HelmRevision = 18, ChartVersion = "videokit-0.1.0", AppVersion = "1.0.0", GitCommit = "03d5aeb0", Status = "Healthy (baseline)" });
        r.Components.Add(new ReportComponentState { Component = "Worker", Phase = ReportPhase.After, Release = "videokit-worker", HelmRevision = 19, RollbackOf = 17, ChartVersion = "videokit-0.1.0", AppVersion = "1.0.0", GitCommit = "44f1639", Status = "Healthy" });
        r.Steps.Add(new ReportStep
        {
            Name = "Execute rollback",
            Description = "Roll back both releases with the validated plan.",
            Command = ["helm", "rollback", "videokit-api", "41", "--namespace", "videokit", "--kube-context", "prod-eu-west-1-admin", "--wait", "--timeout", "10m"],
            StartedAt = Start.AddMinutes(5),
            EndedAt = Start.AddMinutes(9).AddSeconds(12),
            Outcome = "Succeeded",
        });
        r.Probes.Add(new ReportProbe { Name = "api readyz", Target = "https://api.prod.videokit.internal/readyz", FirstHealthy = Start.AddMinutes(9).AddSeconds(12), Checks = 51, Failures = 3, LastStatus = "HTTP 200", Healthy = true });
        r.Timings.Add(new ReportTiming { Name = "rollback groups", StartedAt = Start.AddMinutes(5), EndedAt = Start.AddMinutes(9) });
        r.Observations.Add("Dry-run surfaced that the kube context defaulted to the current shell context.");
        r.FollowUps.Add("Schedule monthly rollback drills.");
        r.Artifacts.Add("reports/deploy/smoke.log");
        r.Transcript.Add(new ReportTranscriptEntry { Timestamp = Start.AddMinutes(5), Source = "helm", Text = "Rollback was a success! Happy Helming!" });
        return r;
    }
}
