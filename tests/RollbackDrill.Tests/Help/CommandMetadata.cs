using System.Management.Automation;

namespace RollbackDrill.Tests.Help;

/// <summary>The real signature of a cmdlet (from the imported module), in the terms of the help markdown.</summary>
public static class CommandMetadata
{
    private static readonly HashSet<string> Common = new(
        PSCmdlet.CommonParameters.Concat(PSCmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);

    public static List<ParameterDoc> Parameters(CmdletInfo cmd)
    {
        var result = new List<ParameterDoc>();
        foreach (var (name, meta) in cmd.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Common.Contains(name))
            {
                continue;
            }

            var p = new ParameterDoc
            {
                Name = name,
                Type = TypeName(meta.ParameterType),
                SupportsWildcards = meta.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
            };
            p.Aliases.AddRange(meta.Aliases);
            var validateSet = meta.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
            if (validateSet is not null)
            {
                p.AcceptedValues.AddRange(validateSet.ValidValues);
            }
            else if (meta.ParameterType.IsEnum)
            {
                p.AcceptedValues.AddRange(Enum.GetNames(meta.ParameterType));
            }

            var sets = meta.ParameterSets.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            var all = sets.Count == 1 && sets[0].Key == ParameterAttribute.AllParameterSets;
            foreach (var (setName, s) in sets)
            {
                p.Sets.Add(new ParameterSetDoc(
                    all || setName == ParameterAttribute.AllParameterSets ? "(All)" : setName,
                    s.Position == int.MinValue ? "Named" : s.Position.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.IsMandatory,
                    s.ValueFromPipeline,
                    s.ValueFromPipelineByPropertyName));
            }

            result.Add(p);
        }

        return result;
    }

    public static List<(string Set, string Line)> Syntax(CmdletInfo cmd) =>
        cmd.ParameterSets
            .OrderByDescending(s => s.IsDefault)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => (s.Name == ParameterAttribute.AllParameterSets ? "__AllParameterSets" : s.Name + (s.IsDefault ? " (Default)" : string.Empty),
                $"{cmd.Name} {s}".Trim()))
            .ToList();

    public static string TypeName(Type t)
    {
        if (t.IsArray)
        {
            return TypeName(t.GetElementType()!) + "[]";
        }

        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return TypeName(t.GetGenericArguments()[0]);
        }

        return t.FullName ?? t.Name;
    }
}
