using RollbackDrill.Sandbox.HelmStandIn;

// A stand-in `helm` (see HelmCli): exit 0 on success, 1 with "Error: ..." on stderr like helm.
return await HelmCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
