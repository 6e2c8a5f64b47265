using System.Management.Automation;
using RollbackDrill.Engine.Annotations;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Marks the drill window in Grafana (seed 003's planned --annotate): a point annotation when the drill starts, turned
/// into a region when it ends. Failing to annotate is a warning, never a failed drill; the token is read from an
/// environment variable and never shown.
/// </summary>
internal sealed class DrillAnnotation : IDisposable
{
    private readonly PSCmdlet cmdlet;
    private readonly GrafanaAnnotationClient client;
    private long? id;

    public DrillAnnotation(PSCmdlet cmdlet, Uri url, string tokenVariable, IReadOnlyList<string>? tags)
    {
        this.cmdlet = cmdlet;
        client = new GrafanaAnnotationClient(new GrafanaAnnotationOptions
        {
            Url = url,
            TokenVariable = tokenVariable,
            Tags = tags is { Count: > 0 } ? tags : ["rollback-drill"],
        });
    }

    public void Start(DrillDefinition drill, string context, CancellationToken cancellationToken)
    {
        var text = $"Rollback drill {drill.Name} started ({drill.Environment}, context {context}, namespace {drill.Namespace})";
        var result = EngineTaskRunner.Run<GrafanaAnnotationResult, int>(_ => client.StartAsync(DateTimeOffset.UtcNow, text, cancellationToken), _ => { }, cancellationToken);
        Report(result);
        id = result.Id;
    }

    public void End(DrillResult result, CancellationToken cancellationToken)
    {
        var text = $"Rollback drill {result.Drill}: {result.Outcome}. {result.Message}";
        var end = result.EndedAt ?? DateTimeOffset.UtcNow;
        var outcome = EngineTaskRunner.Run<GrafanaAnnotationResult, int>(
            _ => id is { } known ? client.EndAsync(known, end, text, cancellationToken) : client.AddRegionAsync(result.StartedAt, end, text, cancellationToken),
            _ => { },
            cancellationToken);
        Report(outcome);
        if (outcome.Succeeded)
        {
            result.Observations.Add($"Drill window annotated in Grafana (annotation {outcome.Id ?? id}).");
        }
    }

    public void Dispose() => client.Dispose();

    private void Report(GrafanaAnnotationResult result)
    {
        if (result.Warning is { } warning)
        {
            cmdlet.WriteWarning("Grafana annotation: " + warning);
        }
    }
}
