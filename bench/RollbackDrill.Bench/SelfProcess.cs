namespace RollbackDrill.Bench;

/// <summary>How to start this benchmark again as a child process (an apphost, or `dotnet RollbackDrill.Bench.dll`).</summary>
internal static class SelfProcess
{
    public static (string File, string[] Prefix) Command()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        return string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase)
            ? (host, [typeof(SelfProcess).Assembly.Location])
            : (host, []);
    }
}
