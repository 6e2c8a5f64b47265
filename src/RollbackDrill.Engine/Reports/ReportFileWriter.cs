using System.Text;

namespace RollbackDrill.Engine.Reports;

/// <summary>
/// Writes a report file atomically: the text goes to a temporary file in the target directory, which is then
/// renamed over the target, so readers never see a partial report and a failure leaves no file behind.
/// </summary>
public static class ReportFileWriter
{
    public static FileInfo Write(string path, string content, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(content);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw NotWritable(full, "it has no directory", null);
        if (Directory.Exists(full))
        {
            throw NotWritable(full, "it is a directory", null);
        }

        if (!Directory.Exists(directory))
        {
            throw NotWritable(full, $"the directory '{directory}' does not exist", null);
        }

        if (!overwrite && File.Exists(full))
        {
            throw Exists(full);
        }

        var temp = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(false).GetBytes(content);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite);
            return new FileInfo(full);
        }
        catch (IOException ex) when (!overwrite && File.Exists(full))
        {
            throw Exists(full, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw NotWritable(full, ex.Message, ex);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
        catch (IOException)
        {
            // Best effort: the temporary file is hidden and named after the target.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static DrillException Exists(string path, Exception? inner = null) =>
        new(ErrorIds.ReportFileExists, DrillErrorKind.InvalidOperation, $"The report file '{path}' already exists. Use -Force to replace it.", path, inner)
        {
            RecommendedAction = "Choose another -Path or add -Force.",
        };

    private static DrillException NotWritable(string path, string reason, Exception? inner) =>
        new(ErrorIds.ReportPathNotWritable, DrillErrorKind.PermissionDenied, $"Cannot write the report to '{path}': {reason}", path, inner)
        {
            RecommendedAction = "Choose a -Path in an existing directory you can write to.",
        };
}
