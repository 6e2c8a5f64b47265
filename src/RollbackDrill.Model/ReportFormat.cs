namespace RollbackDrill;

/// <summary>The file formats Export-DrillReport writes.</summary>
public enum ReportFormat
{
    /// <summary>Markdown modelled on a hand-written drill report (GitHub-flavoured tables, fenced commands).</summary>
    Markdown,

    /// <summary>The versioned JSON journal (see Export-DrillReport's help for the schema).</summary>
    Json,

    /// <summary>JUnit XML: one testsuite per drill, a testcase per objective, probe and the overall verdict.</summary>
    JUnit,

    /// <summary>One self-contained HTML file: inline CSS, no scripts, no external requests.</summary>
    Html,
}
