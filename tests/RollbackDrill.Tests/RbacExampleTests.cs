using System.Text.RegularExpressions;
using RollbackDrill.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace RollbackDrill.Tests;

/// <summary>
/// The RBAC templates in examples/rbac grant what the README's "Permissions (RBAC)" table claims: every
/// "`resource` verb, verb" of a row is granted by the role the row names, the read-only role cannot write, each
/// role is bound, and every exported cmdlet has a row.
/// </summary>
public sealed partial class RbacExampleTests
{
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection", "*"];

    private static readonly HashSet<string> CoreResources = ["secrets", "configmaps", "pods", "events", "namespaces"];

    private sealed record Rule(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs);

    [Fact]
    public void TheRolesGrantEveryPermissionTheReadmeTableClaims()
    {
        var roles = new Dictionary<string, List<Rule>>
        {
            ["read"] = Rules(Load("rollbackdrill-readonly-role.yaml"), "Role", "rollbackdrill-read"),
            ["drill"] = Rules(Load("rollbackdrill-role.yaml"), "Role", "rollbackdrill-drill"),
        };

        var rows = TableRows();
        Assert.True(rows.Count >= 7, $"the README's RBAC table has {rows.Count} rows");
        var claims = 0;
        foreach (var (cmdlets, role, needs) in rows)
        {
            if (role == "none")
            {
                Assert.Empty(Permissions(needs));
                continue;
            }

            Assert.True(roles.ContainsKey(role), $"the row for {cmdlets} names the role '{role}', which is neither read nor drill");
            foreach (var (resource, verb) in Permissions(needs))
            {
                claims++;
                Assert.True(Grants(roles[role], resource, verb), $"{cmdlets}: the {role} role does not grant {verb} on {resource}");
            }
        }

        Assert.True(claims >= 40, $"only {claims} permissions were checked");

        // The drill role also serves every Get-* cmdlet: it grants everything the read role does.
        foreach (var rule in roles["read"])
        {
            foreach (var (resource, verb) in rule.Resources.SelectMany(r => rule.Verbs.Select(v => (r, v))))
            {
                Assert.True(Grants(roles["drill"], resource, verb), $"the drill role lacks {verb} on {resource}, which the read role has");
            }
        }

        // The read-only role cannot change anything; the drill role can write Helm's storage and patch workloads.
        Assert.DoesNotContain(roles["read"], r => r.Verbs.Intersect(WriteVerbs).Any());
        Assert.True(Grants(roles["drill"], "secrets", "create") && Grants(roles["drill"], "deployments", "patch") && Grants(roles["drill"], "deployments/scale", "update"));
        Assert.False(Grants(roles["drill"], "deployments", "delete"));
    }

    [Theory]
    [InlineData("rollbackdrill-role.yaml", "rollbackdrill-drill")]
    [InlineData("rollbackdrill-readonly-role.yaml", "rollbackdrill-read")]
    public void EachRoleIsBoundInItsNamespace(string file, string role)
    {
        var docs = Load(file);
        var binding = Assert.Single(docs, d => Str(d, "kind") == "RoleBinding");
        var roleRef = (YamlMappingNode)binding.Children[new YamlScalarNode("roleRef")];
        Assert.Equal(("Role", role, "rbac.authorization.k8s.io"), (Str(roleRef, "kind"), Str(roleRef, "name"), Str(roleRef, "apiGroup")));
        Assert.NotEmpty((YamlSequenceNode)binding.Children[new YamlScalarNode("subjects")]);
        Assert.All(docs, d => Assert.Equal("videokit", Str((YamlMappingNode)d.Children[new YamlScalarNode("metadata")], "namespace")));
    }

    [Fact]
    public void EveryExportedCmdletHasARow()
    {
        var named = TableRows().SelectMany(r => CmdletName().Matches(r.Cmdlets).Select(m => m.Value)).ToHashSet();
        if (TableRows().Any(r => r.Cmdlets.Contains("sandbox cmdlets", StringComparison.Ordinal)))
        {
            named.UnionWith(["Start-DrillSandbox", "Stop-DrillSandbox", "Get-DrillSandbox"]);
        }

        var manifest = File.ReadAllText(RepoPaths.Manifest);
        var exported = ExportedCmdlets().Match(manifest).Groups[1].Value;
        var missing = QuotedName().Matches(exported).Select(m => m.Groups[1].Value).Where(c => !named.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no row in the README's RBAC table for " + string.Join(", ", missing));
    }

    private static bool Grants(List<Rule> rules, string resource, string verb)
    {
        var group = CoreResources.Contains(resource) ? string.Empty : "apps";
        return rules.Any(r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && (r.Verbs.Contains(verb) || r.Verbs.Contains("*")));
    }

    /// <summary>"`secrets` get, list; `pods` list (why)" → (secrets, get), (secrets, list), (pods, list).</summary>
    private static List<(string Resource, string Verb)> Permissions(string needs) =>
        Permission().Matches(needs)
            .SelectMany(m => m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (m.Groups[1].Value, v)))
            .ToList();

    private static List<(string Cmdlets, string Role, string Needs)> TableRows()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var start = readme.IndexOf("## Permissions (RBAC)", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Permissions (RBAC)' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end].Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split('|', StringSplitOptions.TrimEntries))
            .Select(c => (c[0], c[1], c[2]))
            .ToList();
    }

    private static List<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoPaths.Root, "examples", "rbac", file)))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    private static List<Rule> Rules(List<YamlMappingNode> docs, string kind, string name)
    {
        var role = Assert.Single(docs, d => Str(d, "kind") == kind && Str((YamlMappingNode)d.Children[new YamlScalarNode("metadata")], "name") == name);
        Assert.Equal("rbac.authorization.k8s.io/v1", Str(role, "apiVersion"));
        return ((YamlSequenceNode)role.Children[new YamlScalarNode("rules")]).Cast<YamlMappingNode>()
            .Select(r => new Rule(List(r, "apiGroups"), List(r, "resources"), List(r, "verbs")))
            .ToList();
    }

    private static List<string> List(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Cast<YamlScalarNode>().Select(s => s.Value ?? string.Empty).ToList();

    private static string? Str(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? ((YamlScalarNode)v).Value : null;

    [GeneratedRegex(@"`([a-z]+(?:/[a-z]+)?)` ([a-z]+(?:, [a-z]+)*)")]
    private static partial Regex Permission();

    [GeneratedRegex(@"[A-Z][a-z]+-[A-Za-z]+")]
    private static partial Regex CmdletName();

    [GeneratedRegex(@"CmdletsToExport\s*=\s*@\((.*?)\)", RegexOptions.Singleline)]
    private static partial Regex ExportedCmdlets();

    [GeneratedRegex(@"'([A-Za-z]+-[A-Za-z]+)'")]
    private static partial Regex QuotedName();
}
