namespace RollbackDrill.Sandbox;

/// <summary>One API resource the sandbox serves (what discovery advertises).</summary>
public sealed record ResourceType(
    string Resource,
    string Singular,
    string Kind,
    string Group,
    string Version,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    bool HasScale,
    bool HasGeneration)
{
    /// <summary>"deployments.apps" or "secrets" as the API server names it in messages.</summary>
    public string GroupResource => Group.Length == 0 ? Resource : Resource + "." + Group;

    /// <summary>"v1" or "apps/v1".</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;
}
