using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;
using RollbackDrill.Engine.Workloads;

namespace RollbackDrill.Commands;

/// <summary>
/// -Timeout accepts a TimeSpan, a number of seconds (300), a Go/helm duration ("5m", "1m30s", "90s", "500ms") or
/// "hh:mm:ss". A bare number is seconds, never ticks.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed partial class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            TimeSpan t => t,
            int or long or short or byte => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            double or float or decimal => TimeSpan.FromSeconds(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
            string s => Parse(s),
            _ => throw new ArgumentTransformationMetadataException($"'{value}' is not a duration: use seconds (300), a duration such as 5m or 1m30s, or hh:mm:ss."),
        };
    }

    internal static TimeSpan Parse(string text)
    {
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var m = GoDuration().Match(text);
        if (m.Success && m.Length > 0)
        {
            double Part(string name) => m.Groups[name].Success ? double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
            return TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        throw new ArgumentTransformationMetadataException($"'{text}' is not a duration: use seconds (300), a duration such as 5m or 1m30s, or hh:mm:ss.");
    }

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+(?:\.\d+)?)ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex GoDuration();
}

/// <summary>One progress bar per workload (the release's activity as parent), each finished with a Completed record.</summary>
internal sealed class ReadinessProgressWriter(Cmdlet cmdlet, string activity)
{
    private readonly Dictionary<string, ProgressRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProgressRecord> parents = new(StringComparer.Ordinal);
    private int nextId = 1;

    public void Write(WorkloadReadiness w)
    {
        var group = $"{w.Namespace}/{w.Release ?? "(workloads)"}";
        if (!parents.TryGetValue(group, out var parent))
        {
            parent = new ProgressRecord(nextId++, activity, w.Release is null ? $"Workloads in namespace {w.Namespace}" : $"Release {w.Release} in namespace {w.Namespace}");
            parents[group] = parent;
            cmdlet.WriteProgress(parent);
        }

        var key = $"{w.Kind}/{w.Namespace}/{w.Name}";
        if (!records.TryGetValue(key, out var record))
        {
            record = new ProgressRecord(nextId++, $"{WorkloadKinds.Lower(w.Kind)}/{w.Name}", "Waiting") { ParentActivityId = parent.ActivityId };
            records[key] = record;
        }

        record.StatusDescription = $"{w.UpdatedReplicas}/{w.DesiredReplicas} updated, {w.ReadyReplicas} ready, {w.AvailableReplicas} available";
        record.CurrentOperation = w.Message;
        record.PercentComplete = w.Ready ? 100 : w.DesiredReplicas <= 0 ? 0 : Math.Clamp(100 * w.AvailableReplicas / w.DesiredReplicas, 0, 99);
        cmdlet.WriteProgress(record);
    }

    /// <summary>Ends every bar (children first) with a Completed record.</summary>
    public void Complete()
    {
        foreach (var r in records.Values.Concat(parents.Values))
        {
            r.RecordType = ProgressRecordType.Completed;
            try
            {
                cmdlet.WriteProgress(r);
            }
            catch (PipelineStoppedException)
            {
                return;
            }
        }

        records.Clear();
        parents.Clear();
    }
}

/// <summary>The error for a readiness result that did not succeed (null when it did, or when it was stopped).</summary>
internal static class ReadinessErrors
{
    public static DrillException? For(ReadinessResult result, object target)
    {
        if (result.Succeeded || result.Cancelled)
        {
            return null;
        }

        if (result.TimedOut)
        {
            return new DrillException(ErrorIds.WorkloadReadinessTimeout, DrillErrorKind.OperationTimeout, result.Message, target)
            {
                RecommendedAction = "Inspect the workload's pods and events (kubectl describe), or wait longer with a larger -Timeout.",
            };
        }

        if (result.Workloads.Count == 0)
        {
            return new DrillException(ErrorIds.ReleaseHasNoWorkloads, DrillErrorKind.ObjectNotFound, result.Message, target)
            {
                RecommendedAction = "Check the release name and -Namespace (Get-ReleaseStatus lists a release's workloads).",
            };
        }

        return new DrillException(ErrorIds.WorkloadRolloutFailed, DrillErrorKind.InvalidOperation, result.Message, target)
        {
            RecommendedAction = "Inspect the failed workload's ReplicaSet and pods (kubectl describe); roll back if the new revision cannot become ready.",
        };
    }
}
