using System.Management.Automation;

namespace RollbackDrill.Tests.BadInput;

/// <summary>What a bad-input case needs besides a runspace.</summary>
[Flags]
public enum CaseNeeds
{
    None = 0,

    /// <summary>A sandbox cluster ($k is its kubeconfig, context 'sandbox'); its request log proves no write.</summary>
    Sandbox = 1,

    /// <summary>A real Prometheus on loopback ($prom): skipped locally when missing, failing when CI=true.</summary>
    Prometheus = 2,

    /// <summary>The helm stand-in ($helm, src/RollbackDrill.Sandbox.HelmStandIn) launched through a shell wrapper.</summary>
    HelmStandIn = 4,
}

/// <summary>
/// One bad input and the error the module must answer it with. The script runs in a runspace that imported the module,
/// with $k (kubeconfig: the sandbox's, else one pointing at a closed port), $tmp (a fresh directory holding
/// <see cref="Files"/>), $dead (a loopback URL nobody listens on), $helm and $prom (when needed).
/// </summary>
/// <param name="Name">Unique case name (the theory's data).</param>
/// <param name="Script">PowerShell to run.</param>
/// <param name="Terminating">True: the cmdlet stops (ThrowTerminatingError); false: a non-terminating error.</param>
/// <param name="ErrorId">The stable id (src/RollbackDrill.Model/ErrorIds.cs), or PowerShell's own for binder errors.</param>
/// <param name="Category">The ErrorCategory.</param>
/// <param name="Target">The TargetObject's text (or that of its <see cref="TargetProperty"/>); "{tmp}" is the case's directory.</param>
/// <param name="Advice">A phrase of the message (or its recommended action) that says what to do.</param>
public sealed record BadInputCase(string Name, string Script, bool Terminating, string ErrorId, ErrorCategory Category, string? Target, string Advice)
{
    public CaseNeeds Needs { get; init; }

    /// <summary>The cmdlet changes the cluster when given good input: a sandbox is started and must see no write.</summary>
    public bool Mutating { get; init; }

    /// <summary>An edit of examples/sandbox/videokit.yaml (faults, statuses) for this case's sandbox.</summary>
    public Func<string, string>? Scenario { get; init; }

    /// <summary>Objects created in the sandbox through its API before the case runs: (API path of the collection, JSON body).</summary>
    public IReadOnlyList<(string Path, string Json)> Plant { get; init; } = [];

    /// <summary>Files written into $tmp before the case runs (name → content).</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>Environment variables set for the case (and removed after it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Compare <see cref="Target"/> with this property of the TargetObject instead of its text.</summary>
    public string? TargetProperty { get; init; }

    /// <summary>Further errors of the same record are allowed (e.g. every mistake of one drill file); the first is checked.</summary>
    public bool MoreErrorsAllowed { get; init; }

    /// <summary>
    /// Set for inputs that are not errors by design: no error record is expected, only a warning holding
    /// <see cref="Advice"/> and an output object whose Outcome is this value.
    /// </summary>
    public string? ResultOutcome { get; init; }

    public override string ToString() => Name;
}
