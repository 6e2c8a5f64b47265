using System.Text;
using Scriban.Runtime;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// The output of one template render, bounded: writing past the limit throws instead of truncating (Scriban's own
/// OutputLimit cuts the text with "..." — a silently shortened audit record is worse than an error).
/// </summary>
internal sealed class TemplateOutput(int limit) : IScriptOutput
{
    private readonly StringBuilder text = new();

    public void Write(string text, int offset, int count)
    {
        if (limit > 0 && this.text.Length + count > limit)
        {
            throw new TemplateOutputLimitException(limit);
        }

        this.text.Append(text, offset, count);
    }

    public ValueTask WriteAsync(string text, int offset, int count, CancellationToken cancellationToken)
    {
        Write(text, offset, count);
        return ValueTask.CompletedTask;
    }

    public override string ToString() => text.ToString();
}
