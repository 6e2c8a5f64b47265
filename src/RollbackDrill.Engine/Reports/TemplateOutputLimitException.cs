using System.Globalization;

namespace RollbackDrill.Engine.Reports;

/// <summary>Thrown by <see cref="TemplateOutput"/> when a template writes more than its output limit.</summary>
internal sealed class TemplateOutputLimitException(int limit)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"The template wrote more than its output limit of {limit} characters."))
{
    public int Limit { get; } = limit;
}
