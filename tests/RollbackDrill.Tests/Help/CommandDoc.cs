namespace RollbackDrill.Tests.Help;

/// <summary>One cmdlet's help as written in docs/en-US/&lt;Cmdlet&gt;.md (PlatyPS 1.x markdown schema).</summary>
public sealed class CommandDoc
{
    public required string Name { get; init; }

    public Dictionary<string, string> FrontMatter { get; init; } = new(StringComparer.Ordinal);

    public string Synopsis { get; set; } = string.Empty;

    /// <summary>Parameter set name → syntax line, as generated from the real cmdlet.</summary>
    public List<(string Set, string Line)> Syntax { get; init; } = [];

    public string Aliases { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public List<ExampleDoc> Examples { get; init; } = [];

    public List<ParameterDoc> Parameters { get; init; } = [];

    public List<(string Type, string Description)> Inputs { get; init; } = [];

    public List<(string Type, string Description)> Outputs { get; init; } = [];

    public string Notes { get; set; } = string.Empty;

    public List<(string Text, string Uri)> Links { get; init; } = [];
}

public sealed class ExampleDoc
{
    public required string Title { get; init; }

    /// <summary>The example's code (the first fenced block).</summary>
    public required string Code { get; init; }

    /// <summary>The prose after the code.</summary>
    public required string Remarks { get; init; }
}

public sealed class ParameterDoc
{
    public required string Name { get; init; }

    public string Description { get; set; } = string.Empty;

    public string Type { get; set; } = "System.String";

    public string DefaultValue { get; set; } = "None";

    public bool SupportsWildcards { get; set; }

    public List<string> Aliases { get; init; } = [];

    public List<ParameterSetDoc> Sets { get; init; } = [];

    public List<string> AcceptedValues { get; init; } = [];
}

public sealed record ParameterSetDoc(string Name, string Position, bool IsRequired, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName);
