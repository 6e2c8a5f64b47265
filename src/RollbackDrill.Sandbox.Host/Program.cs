using System.Globalization;
using System.Runtime.InteropServices;
using RollbackDrill.Sandbox;
using RollbackDrill.Sandbox.Scenario;

// Command-line host: --kubeconfig OUTFILE [--port N] [--context NAME] [--scenario FILE]
// Writes the kubeconfig, prints one line with the address when ready, serves until Ctrl+C / SIGTERM.
// A malformed scenario prints every problem (file:line:column: message) and exits 2.
string? kubeconfig = null;
string? scenario = null;
var context = "sandbox";
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--kubeconfig":
                kubeconfig = Next();
                break;
            case "--scenario":
                scenario = Next();
                break;
            case "--context":
                context = Next();
                break;
            case "--port":
                port = int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                break;
            case "-h" or "--help":
                Console.WriteLine("usage: RollbackDrill.Sandbox.Host --kubeconfig OUTFILE [--port N] [--context NAME] [--scenario FILE]");
                return 0;
            default:
                Console.Error.WriteLine($"error: unknown argument '{args[i]}' (see --help)");
                return 2;
        }
    }
    catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 2;
    }
}

if (kubeconfig is null)
{
    Console.Error.WriteLine("error: --kubeconfig OUTFILE is required (see --help)");
    return 2;
}

await using var cluster = SandboxCluster.Create();
string? defaultNamespace = null;
if (scenario is not null)
{
    try
    {
        var loaded = ScenarioLoader.Load(scenario);
        loaded.ApplyTo(cluster);
        defaultNamespace = loaded.Namespaces.Count > 0 ? loaded.Namespaces[0] : null;
    }
    catch (ScenarioException ex)
    {
        Console.Error.WriteLine("error: " + ex.Message);
        return 2;
    }
    catch (IOException ex)
    {
        Console.Error.WriteLine($"error: cannot read the scenario '{scenario}': {ex.Message}");
        return 2;
    }
}

try
{
    await cluster.StartAsync(port).ConfigureAwait(false);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

var path = cluster.WriteKubeconfig(kubeconfig, context, defaultNamespace);
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
{
    ctx.Cancel = true;
    stop.Cancel();
});
Console.WriteLine($"sandbox ready at {cluster.Address} context {context} kubeconfig {path}");
try
{
    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
}

return 0;
