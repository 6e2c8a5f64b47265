using System.Globalization;
using System.Management.Automation;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Turns the engine's per-probe progress into ProgressRecords: one parent bar for the measurement and one child
/// bar per probe; every bar is closed with a Completed record.
/// </summary>
internal sealed class ProbeProgressWriter(string activity, int parentId)
{
    public ProgressRecord Parent(TimeSpan elapsed, TimeSpan timeout, int recovered, int total, bool completed)
    {
        var record = new ProgressRecord(parentId, activity, string.Create(CultureInfo.InvariantCulture, $"{recovered}/{total} probes recovered, {elapsed:hh\\:mm\\:ss} of {timeout:hh\\:mm\\:ss}"))
        {
            PercentComplete = Percent(elapsed, timeout),
        };
        if (completed)
        {
            record.RecordType = ProgressRecordType.Completed;
        }

        return record;
    }

    public ProgressRecord Probe(int index, string name, int checks, int failures, int streak, int required, bool recovered, string? lastStatus, string? lastError, TimeSpan elapsed, TimeSpan timeout, bool completed)
    {
        var state = recovered
            ? "recovered"
            : string.Create(CultureInfo.InvariantCulture, $"{streak}/{required} passes in a row; {checks} checks, {failures} failed; {lastStatus}{(lastError is null ? string.Empty : ": " + lastError)}");
        var record = new ProgressRecord(parentId + 1 + index, name, state)
        {
            ParentActivityId = parentId,
            PercentComplete = recovered ? 100 : Percent(elapsed, timeout),
        };
        if (completed)
        {
            record.RecordType = ProgressRecordType.Completed;
        }

        return record;
    }

    private static int Percent(TimeSpan elapsed, TimeSpan timeout) =>
        timeout <= TimeSpan.Zero ? 0 : (int)Math.Clamp(elapsed.TotalMilliseconds * 100 / timeout.TotalMilliseconds, 0, 100);
}
