using System.Diagnostics;
using System.IO.Compression;

namespace RollbackDrill.Tests;

/// <summary>
/// Headless Chromium (Debian package "chromium") for rendering HTML reports. Tests using it are skipped with a clear
/// message when it is missing locally and fail when CI=true.
/// </summary>
public static class ReportChromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    public static string? Executable { get; } = Find();

    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs chromium headless against a local file with networking and background services off; returns stdout.</summary>
    public static string Run(string htmlPath, params string[] mode)
    {
        var exe = Executable ?? throw new InvalidOperationException("chromium is not installed (apt-get install -y chromium); CI=true requires it.");
        var profile = Directory.CreateTempSubdirectory("rbd-chromium-").FullName;
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile,
        }.Concat(mode).Append(new Uri(htmlPath).AbsoluteUri))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s: " + stderr.Result);
        }

        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // The profile is in the temp directory; a lingering helper process may still hold it.
        }

        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    /// <summary>Decodes an 8-bit RGB/RGBA PNG and counts pixels that differ from the top-left (background) pixel.</summary>
    public static (int Width, int Height, int NonBackground, int Colours) InspectPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "not a PNG file");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var i = 8; i < bytes.Length;)
        {
            var length = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
            var type = System.Text.Encoding.ASCII.GetString(bytes, i + 4, 4);
            var data = bytes.AsSpan(i + 8, length);
            if (type == "IHDR")
            {
                width = (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3];
                height = (data[4] << 24) | (data[5] << 16) | (data[6] << 8) | data[7];
                Assert.Equal(8, data[8]);
                channels = data[9] switch { 2 => 3, 6 => 4, var c => throw new NotSupportedException($"PNG colour type {c}") };
                Assert.Equal(0, data[12]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            i += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var pixels = raw.ToArray();
        var stride = width * channels;
        var image = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = pixels[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var cur = pixels[(y * (stride + 1)) + 1 + x];
                int a = x >= channels ? image[(y * stride) + x - channels] : 0;
                int b = y > 0 ? image[((y - 1) * stride) + x] : 0;
                int c = x >= channels && y > 0 ? image[((y - 1) * stride) + x - channels] : 0;
                image[(y * stride) + x] = (byte)(cur + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                });
            }
        }

        var colours = new HashSet<int>();
        var nonBackground = 0;
        for (var p = 0; p < width * height; p++)
        {
            var o = p * channels;
            var rgb = (image[o] << 16) | (image[o + 1] << 8) | image[o + 2];
            colours.Add(rgb);
            if (image[o] != image[0] || image[o + 1] != image[1] || image[o + 2] != image[2])
            {
                nonBackground++;
            }
        }

        return (width, height, nonBackground, colours.Count);

        static int Paeth(int a, int b, int c)
        {
            var p = a + b - c;
            int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }

    private static string? Find() =>
        Names.SelectMany(n => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Select(d => Path.Combine(d, n)))
        .FirstOrDefault(File.Exists);
}

/// <summary>A fact that needs headless Chromium: skipped with a message when it is missing, unless CI=true (then it fails).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (ReportChromium.Executable is null && !ReportChromium.Required)
        {
            Skip = "chromium is not installed (apt-get install -y chromium); this test runs, and must pass, in CI (CI=true).";
        }
    }
}
