using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Recovery;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Reads what Assert-RecoveryObjective judges from pipeline objects: a RecoveryMeasurement (live or deserialized),
/// anything with an Objectives collection (DrillReport, Invoke-RollbackDrill's DrillResult), or one objective
/// (ReportObjective, hashtable or object with Name/Target/Measured). Properties are read by name.
/// </summary>
internal static class ObjectiveInputReader
{
    public static IReadOnlyList<ObjectiveEvidence> Read(PSObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.BaseObject is RecoveryMeasurement m)
        {
            return [ObjectiveEvidence.FromMeasurement(m)];
        }

        if (input.BaseObject is ReportObjective o)
        {
            return [FromObjective(o)];
        }

        // Invoke-RollbackDrill's journal: its report holds one objective per tier with the verdict's figures.
        if (ReportInputReader.RollbackDrillType(input) == nameof(DrillResult) && Property(input, "Report") is { } report)
        {
            input = PSObject.AsPSObject(report);
        }

        if (Property(input, "Objectives") is { } objectives and not string)
        {
            return (LanguagePrimitives.GetEnumerable(objectives) ?? new[] { objectives }).Cast<object?>()
                .Where(x => x is not null)
                .Select(x => x is ReportObjective r ? FromObjective(r) : FromObjective(ReportInputReader.Objective(PSObject.AsPSObject(x))))
                .ToList();
        }

        if (ReportInputReader.RollbackDrillType(input) == nameof(RecoveryMeasurement) || input.Properties["RecoveryTime"] is not null)
        {
            return [FromMeasurementProperties(input)];
        }

        if (Property(input, "Name") is not null && (Property(input, "Target") is not null || Property(input, "Measured") is not null))
        {
            return [FromObjective(ReportInputReader.Objective(input))];
        }

        var type = input.TypeNames.Count > 0 ? input.TypeNames[0] : input.BaseObject.GetType().FullName;
        throw new DrillException(
            ErrorIds.ReportInputNotRecognized,
            DrillErrorKind.InvalidArgument,
            $"Assert-RecoveryObjective cannot read a recovery objective from an object of type '{type}'. It takes RecoveryMeasurement, " +
            "DrillReport and drill results (an Objectives property), ReportObjective, and hashtables with Name, Target and Measured.",
            input.BaseObject);
    }

    private static ObjectiveEvidence FromObjective(ReportObjective o) => new()
    {
        Name = o.Name,
        Target = o.Target,
        Measured = o.Measured,
        Resolution = o.Resolution ?? TimeSpan.Zero,
        RecordedMet = o.Measured is null ? null : o.Met,
        NotMeasuredReason = o.Measured is null ? (o.Description is { Length: > 0 } d ? $"the report says: {d}" : "the report has no measured value") : null,
    };

    private static ObjectiveEvidence FromMeasurementProperties(PSObject input)
    {
        // A deserialized measurement (job, remoting) keeps its values under the same names; Objective may be a string.
        var objective = ReportInputReader.Objective(PSObject.AsPSObject(new Hashtable
        {
            ["Name"] = Property(input, "Name") ?? "recovery",
            ["Target"] = Property(input, "Objective"),
            ["Measured"] = Property(input, "RecoveryTime"),
            ["Resolution"] = Property(input, "Resolution"),
        }));
        var complete = Property(input, "Complete") is not false;
        return FromObjective(objective) with
        {
            RecordedMet = null,
            NotMeasuredReason = complete ? "not every probe recovered within the measurement" : "the measurement is incomplete: it was stopped before every probe recovered",
        };
    }

    private static object? Property(PSObject o, string name)
    {
        var value = o.BaseObject is IDictionary d
            ? d.Keys.Cast<object>().FirstOrDefault(k => k is string s && s.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } key ? d[key] : null
            : o.Properties[name]?.Value;
        return value is PSObject p ? p.BaseObject : value;
    }
}
