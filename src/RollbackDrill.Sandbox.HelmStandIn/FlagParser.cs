using System.Globalization;
using System.Text.RegularExpressions;

namespace RollbackDrill.Sandbox.HelmStandIn;

/// <summary>spf13/pflag parsing as cobra does it for helm: --name=value, --name value, -n value, -nvalue, bool
/// flags without a value, "--" ends flags, flags and positionals interleaved. Errors are pflag's texts.</summary>
internal sealed partial class FlagParser(IReadOnlyList<FlagSpec> specs)
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public List<string> Positionals { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <exception cref="StandInException">pflag's error text.</exception>
    public void Parse(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                Positionals.AddRange(args.Skip(i + 1));
                return;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var body = a[2..];
                var eq = body.IndexOf('=', StringComparison.Ordinal);
                var name = eq >= 0 ? body[..eq] : body;
                var spec = specs.FirstOrDefault(s => s.Name == name) ?? throw new StandInException($"unknown flag: --{name}");
                string? value = eq >= 0 ? body[(eq + 1)..] : null;
                if (value is null)
                {
                    if (spec.Kind == FlagKind.Bool)
                    {
                        value = "true";
                    }
                    else if (spec.Kind == FlagKind.OptionalString)
                    {
                        value = spec.NoOptDefault;
                    }
                    else if (i + 1 < args.Count)
                    {
                        value = args[++i];
                    }
                    else
                    {
                        throw new StandInException($"flag needs an argument: --{name}");
                    }
                }

                Set(spec, "--" + name, value!);
            }
            else if (a.StartsWith('-') && a.Length > 1)
            {
                var c = a[1];
                var spec = specs.FirstOrDefault(s => s.Shorthand == c) ?? throw new StandInException($"unknown shorthand flag: '{c}' in {a}");
                string value;
                if (spec.Kind == FlagKind.Bool)
                {
                    value = a.Length > 2 && a[2] == '=' ? a[3..] : "true";
                }
                else if (a.Length > 2)
                {
                    value = a[2] == '=' ? a[3..] : a[2..];
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    throw new StandInException($"flag needs an argument: '{c}' in -{c}");
                }

                Set(spec, "--" + spec.Name, value);
            }
            else
            {
                Positionals.Add(a);
            }
        }
    }

    public string? Get(string name) => Values.TryGetValue(name, out var v) ? v : specs.FirstOrDefault(s => s.Name == name)?.Default;

    public bool Bool(string name) => Get(name) == "true";

    public int Int(string name) => int.Parse(Get(name) ?? "0", CultureInfo.InvariantCulture);

    public TimeSpan Duration(string name) => ParseGoDuration(Get(name) ?? "0s") ?? TimeSpan.Zero;

    public bool IsSet(string name) => Values.ContainsKey(name);

    private void Set(FlagSpec spec, string shown, string value)
    {
        switch (spec.Kind)
        {
            case FlagKind.Bool when value is not ("true" or "false" or "1" or "0" or "t" or "f" or "TRUE" or "FALSE" or "True" or "False" or "T" or "F"):
                throw new StandInException($"invalid argument \"{value}\" for \"{shown}\" flag: strconv.ParseBool: parsing \"{value}\": invalid syntax");
            case FlagKind.Bool:
                value = value is "true" or "1" or "t" or "TRUE" or "True" or "T" ? "true" : "false";
                break;
            case FlagKind.Int when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                throw new StandInException($"invalid argument \"{value}\" for \"{shown}\" flag: strconv.ParseInt: parsing \"{value}\": invalid syntax");
            case FlagKind.Duration when ParseGoDuration(value) is null:
                throw new StandInException($"invalid argument \"{value}\" for \"{shown}\" flag: time: invalid duration \"{value}\"");
        }

        if (spec.Deprecated is not null)
        {
            // pflag: "Flag --%s has been deprecated, %s" on stderr; the flag still works.
            Warnings.Add($"Flag --{spec.Name} has been deprecated, {spec.Deprecated}");
        }

        Values[spec.Name] = value;
    }

    /// <summary>Go time.ParseDuration: "300s", "5m0s", "1h2m3.5s", "500ms", "0".</summary>
    public static TimeSpan? ParseGoDuration(string s)
    {
        if (s == "0")
        {
            return TimeSpan.Zero;
        }

        var m = GoDuration().Match(s);
        if (!m.Success || s.Length == 0)
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Capture c in m.Groups["part"].Captures)
        {
            var pm = GoPart().Match(c.Value);
            var n = double.Parse(pm.Groups[1].Value, CultureInfo.InvariantCulture);
            total += pm.Groups[2].Value switch
            {
                "ns" => TimeSpan.FromTicks((long)(n / 100)),
                "us" or "µs" => TimeSpan.FromTicks((long)(n * 10)),
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromHours(n),
            };
        }

        return s.StartsWith('-') ? -total : total;
    }

    [GeneratedRegex(@"^[-+]?(?<part>[0-9]*\.?[0-9]+(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex GoPart();
}
