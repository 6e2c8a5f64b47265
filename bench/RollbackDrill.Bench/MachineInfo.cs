using System.Globalization;
using System.Runtime.InteropServices;

namespace RollbackDrill.Bench;

/// <summary>The machine a run was measured on: cores, memory, OS, .NET, kubectl, PowerShell SDK, date.</summary>
internal sealed class MachineInfo
{
    public List<(string Key, string Value)> Lines { get; } = [];

    public static async Task<MachineInfo> CollectAsync(string kubectlPath)
    {
        var m = new MachineInfo();
        m.Lines.Add(("date (UTC)", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
        m.Lines.Add(("nproc", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)));
        m.Lines.Add(("memory", MemTotal()));
        m.Lines.Add(("OS", OsName() + " (" + RuntimeInformation.OSDescription + ", " + RuntimeInformation.OSArchitecture + ")"));
        m.Lines.Add((".NET runtime", RuntimeInformation.FrameworkDescription));
        m.Lines.Add(("dotnet SDK", await DotnetSdkAsync().ConfigureAwait(false)));
        m.Lines.Add(("PowerShell SDK", typeof(System.Management.Automation.PSObject).Assembly.GetName().Version?.ToString() ?? "unknown"));
        string kubectl;
        try
        {
            kubectl = await Kubectl.ClientVersionAsync(kubectlPath).ConfigureAwait(false) + " (" + kubectlPath + ")";
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException)
        {
            kubectl = "not available: " + ex.Message;
        }

        m.Lines.Add(("kubectl", kubectl));
        return m;
    }

    /// <summary>The 1/5/15-minute load averages (Linux), to read absolute times against.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MemTotal()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture, out var kb))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB");
            }
        }
        catch (IOException)
        {
        }

        return string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0.0} GiB (GC view)");
    }

    private static string OsName()
    {
        try
        {
            var line = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return line?["PRETTY_NAME=".Length..].Trim('"') ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static async Task<string> DotnetSdkAsync()
    {
        try
        {
            var r = await Proc.RunAsync("dotnet", ["--version"], TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            return r.ExitCode == 0 ? r.StdOut.Trim() : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
