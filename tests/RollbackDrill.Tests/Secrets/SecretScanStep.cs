namespace RollbackDrill.Tests.Secrets;

/// <summary>
/// One step of the scanned drill pipeline: a script run in the shared runspace (state in $global: variables). Every
/// object it outputs is rendered through the module's views and serialized; every stream it writes is captured.
/// </summary>
/// <param name="Name">Step name, shown with any hit.</param>
/// <param name="Script">PowerShell; sees $conn, $k, $tmp, $reports, $readyz, $drillReadyz, $dead, $deadk.</param>
/// <param name="ErrorsExpected">The step provokes errors on purpose (their messages are scanned too).</param>
public sealed record SecretScanStep(string Name, string Script, bool ErrorsExpected = false);
