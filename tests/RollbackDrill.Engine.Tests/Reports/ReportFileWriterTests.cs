using RollbackDrill.Engine.Reports;
using Xunit;

namespace RollbackDrill.Engine.Tests.Reports;

public sealed class ReportFileWriterTests
{
    [Fact]
    public void WritesUtf8WithoutBomAndLeavesNoTemporaryFile()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-report-").FullName;
        var path = Path.Combine(dir, "drill.md");
        var file = ReportFileWriter.Write(path, "# ✓ report\n", overwrite: false);
        Assert.Equal(path, file.FullName);
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("# ✓ report\n", File.ReadAllText(path));
        Assert.Equal(["drill.md"], Directory.GetFiles(dir).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void RefusesToOverwriteUnlessAskedAndKeepsTheOldContent()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-report-").FullName;
        var path = Path.Combine(dir, "drill.json");
        File.WriteAllText(path, "old");
        var ex = Assert.Throws<DrillException>(() => ReportFileWriter.Write(path, "new", overwrite: false));
        Assert.Equal(ErrorIds.ReportFileExists, ex.ErrorId);
        Assert.Equal("old", File.ReadAllText(path));
        ReportFileWriter.Write(path, "new", overwrite: true);
        Assert.Equal("new", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir));
    }

    [Fact]
    public void AMissingDirectoryIsAClearErrorAndCreatesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-report-").FullName;
        var path = Path.Combine(dir, "no-such-dir", "drill.html");
        var ex = Assert.Throws<DrillException>(() => ReportFileWriter.Write(path, "x", overwrite: false));
        Assert.Equal(ErrorIds.ReportPathNotWritable, ex.ErrorId);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void AnUnwritableDirectoryIsAClearErrorWithTheCause()
    {
        // /proc refuses new files even to root: the write itself fails, not a pre-check.
        var ex = Assert.Throws<DrillException>(() => ReportFileWriter.Write("/proc/rbd-drill-report.xml", "x", overwrite: false));
        Assert.Equal(ErrorIds.ReportPathNotWritable, ex.ErrorId);
        Assert.Equal(DrillErrorKind.PermissionDenied, ex.Kind);
        Assert.StartsWith("Cannot write the report to '/proc/rbd-drill-report.xml': ", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        Assert.False(File.Exists("/proc/rbd-drill-report.xml"));
    }

    [Fact]
    public void ADirectoryPathIsRefused()
    {
        var dir = Directory.CreateTempSubdirectory("rbd-report-").FullName;
        var ex = Assert.Throws<DrillException>(() => ReportFileWriter.Write(dir, "x", overwrite: true));
        Assert.Equal(ErrorIds.ReportPathNotWritable, ex.ErrorId);
        Assert.Contains("is a directory", ex.Message, StringComparison.Ordinal);
    }
}
