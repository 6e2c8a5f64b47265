using System.Globalization;
using System.Runtime.InteropServices;
using RollbackDrill.Sandbox;

// Command-line host: --kubeconfig OUTFILE [--port N] [--context NAME] [--scenario FILE]
// Writes the kubeconfig, prints one line with the address when ready, serves until Ctrl+C / SIGTERM.
// --scenario is accepted once the scenario loader (RollbackDrill.Sandbox.Scenario) is merged; until then a
// given scenario file is refused with exit code 2 rather than silently ignored.
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

if (scenario is not null)
{
    Console.Error.WriteLine($"error: --scenario is not supported by this build yet (scenario loading is not merged): {scenario}");
    return 2;
}

await using var cluster = SandboxCluster.Create();
try
{
    await cluster.StartAsync(port).ConfigureAwait(false);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("error: " + ex.Message);
    return 1;
}

var path = cluster.WriteKubeconfig(kubeconfig, context);
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
