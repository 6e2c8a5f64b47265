using System.ComponentModel;
using System.Diagnostics;
using RollbackDrill.Engine.Reports;

namespace RollbackDrill.Engine.Drills;

/// <summary>Runs a command step as a child process (argv, no shell), kills its process tree at the timeout or on cancel.</summary>
public sealed class ProcessCommandRunner : IDrillCommandRunner
{
    private const int TailLines = 20;

    public async Task<DrillCommandResult> RunAsync(IReadOnlyList<string> argv, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(argv);
        if (argv.Count == 0)
        {
            throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, "A run step needs a command.", null);
        }

        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in argv.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        var tail = new Queue<string>();
        void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                while (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new DrillException(ErrorIds.DrillStepFailed, DrillErrorKind.ObjectNotFound,
                $"Cannot start '{argv[0]}': {ex.Message}", argv[0], ex)
            {
                RecommendedAction = "Install the command or give its full path in the drill file's run.command.",
            };
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            cancellationToken.ThrowIfCancellationRequested();
        }

        string output;
        lock (tail)
        {
            output = ReportRedactor.Text(string.Join('\n', tail));
        }

        return new DrillCommandResult(timedOut ? null : process.ExitCode, timedOut, output);
    }
}
