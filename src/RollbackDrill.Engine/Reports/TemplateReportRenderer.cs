using System.Globalization;
using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Renders a report through a user's Scriban template (e.g. a team's incident template). The template is parsed
/// once and rendered per report, always from the redacted copy (<see cref="ReportRedactor"/>). It runs sandboxed:
/// it sees only the <c>report</c> model and the <c>rbd</c> helpers, has no include or any file, network or
/// process function, and stops at the <see cref="TemplateLimits"/>. Parse and runtime errors are DrillExceptions
/// naming the template and the 1-based line:column.
/// </summary>
public sealed class TemplateReportRenderer
{
    private readonly Template template;
    private readonly TemplateLimits limits;

    private TemplateReportRenderer(Template template, string name, TemplateLimits limits)
    {
        this.template = template;
        Name = name;
        this.limits = limits;
    }

    /// <summary>The template's name in messages: its path, or the name given to <see cref="Parse"/>.</summary>
    public string Name { get; }

    /// <summary>Reads and parses a template file; every syntax error is reported at once.</summary>
    public static TemplateReportRenderer Load(string path, TemplateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DrillException(ErrorIds.ReportTemplateNotFound, DrillErrorKind.ObjectNotFound, $"The report template '{path}' does not exist.", path, ex)
            {
                RecommendedAction = "Check the -Template path, e.g. ./examples/templates/incident.md.sbn.",
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new DrillException(ErrorIds.ReportTemplateNotFound, DrillErrorKind.PermissionDenied, $"Cannot read the report template '{path}': {ex.Message}", path, ex);
        }

        return Parse(text, path, limits);
    }

    /// <summary>Parses template text; <paramref name="name"/> is used in error messages.</summary>
    public static TemplateReportRenderer Parse(string text, string name, TemplateLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var template = Template.Parse(text, name);
        var errors = template.Messages.Where(m => m.Type == ParserMessageType.Error).ToList();
        if (errors.Count > 0)
        {
            var lines = errors.Select(e => "  " + Position(e.Span) + ": " + e.Message);
            throw new DrillException(
                ErrorIds.ReportTemplateInvalid,
                DrillErrorKind.InvalidData,
                $"The report template '{name}' has {Count(errors.Count, "error")}:\n" + string.Join('\n', lines),
                name)
            {
                RecommendedAction = "Fix the template at the lines shown (Scriban syntax: https://github.com/scriban/scriban/blob/master/doc/language.md).",
            };
        }

        return new TemplateReportRenderer(template, name, limits ?? TemplateLimits.Default);
    }

    /// <summary>Renders the redacted report. Cancelling <paramref name="cancellationToken"/> throws OperationCanceledException.</summary>
    public string Render(DrillReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.TimeLimit);
        var output = new TemplateOutput(limits.OutputLimit);
        var context = NewContext(ReportRedactor.Redact(report), deadline.Token);
        context.PushOutput(output);
        try
        {
            template.Render(context);
            return output.ToString();
        }
        catch (TemplateOutputLimitException ex)
        {
            throw Failed($"wrote more than its output limit of {ex.Limit.ToString(CultureInfo.InvariantCulture)} characters", ex);
        }
        catch (ScriptAbortException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ScriptAbortException ex)
        {
            throw Failed($"ran longer than its time limit of {ReportText.Duration(limits.TimeLimit)} and was stopped at {Position(ex.Span)}", ex);
        }
        catch (ScriptRuntimeException ex)
        {
            throw Failed($"failed at {Position(ex.Span)}: {ex.OriginalMessage}", ex);
        }
    }

    private TemplateContext NewContext(DrillReport clean, CancellationToken token)
    {
        var context = new TemplateContext
        {
            CancellationToken = token,
            LoopLimit = limits.LoopLimit,
            RecursiveLimit = limits.RecursiveLimit,
            OutputLimit = 0, // TemplateOutput enforces the limit (Scriban's would truncate)
            RegexTimeOut = limits.TimeLimit,
            StrictVariables = true,
            EnableRelaxedTargetAccess = true,
            TemplateLoader = null,
            NewLine = "\n",
        };

        // Sandbox: include/include_join are the builtins that read other templates (through a loader); none is set and they are removed.
        context.BuiltinObject.Remove("include");
        context.BuiltinObject.Remove("include_join");

        var helpers = new ScriptObject();
        helpers.Import(typeof(TemplateFunctions));
        helpers.IsReadOnly = true;
        var globals = new ScriptObject();
        globals.SetValue("report", TemplateModel.Report(clean), readOnly: true);
        globals.SetValue("rbd", helpers, readOnly: true);
        context.PushGlobal(globals);
        return context;
    }

    private DrillException Failed(string what, Exception inner) =>
        new(ErrorIds.ReportTemplateFailed, DrillErrorKind.InvalidData, ReportRedactor.Text($"The report template '{Name}' {what}"), Name, inner)
        {
            RecommendedAction = "Fix the template at the line shown; see Get-Help Export-DrillReport -Parameter Template for the variables it sees.",
        };

    // Scriban's positions are 0-based; editors and the messages users read count from 1.
    private static string Position(SourceSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"line {span.Start.Line + 1}, column {span.Start.Column + 1}");

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
