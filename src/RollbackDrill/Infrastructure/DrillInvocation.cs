using System.Collections;
using System.Management.Automation;
using RollbackDrill.Engine.Drills;
using RollbackDrill.Engine.Http;
using RollbackDrill.Engine.Recovery;
using RollbackDrill.Engine.Reports;
using RollbackDrill.Engine.Rollback;

namespace RollbackDrill.Infrastructure;

/// <summary>
/// Invoke-RollbackDrill's plumbing: applies the operator's overrides to the drill (probe URLs), wires the engine's
/// drill runner to the connection, shows its progress on the pipeline thread, writes the journal after every phase,
/// and builds and writes the drill's reports.
/// </summary>
internal static class DrillInvocation
{
    /// <summary>-ProbeUrl @{ name = url }: the drill's probe targets replaced (HTTP/Prometheus/Alerts URL, TCP host:port).</summary>
    public static DrillDefinition WithProbeTargets(DrillDefinition drill, IDictionary? overrides)
    {
        if (overrides is null || overrides.Count == 0)
        {
            return drill;
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in overrides)
        {
            var name = LanguagePrimitives.ConvertTo<string>(e.Key);
            if (!drill.Probes.Any(p => p.Name == name))
            {
                throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
                    $"-ProbeUrl names the probe '{name}', which the drill '{drill.Name}' does not have. Its probes are: {string.Join(", ", drill.Probes.Select(p => p.Name))}.", name)
                {
                    RecommendedAction = "Use the probe names of the drill file's spec.probes as the -ProbeUrl keys.",
                };
            }

            map[name] = LanguagePrimitives.ConvertTo<string>(e.Value is PSObject p ? p.BaseObject : e.Value);
        }

        return drill with
        {
            Probes = drill.Probes.Select(p => !map.TryGetValue(p.Name, out var target) ? p
                : p.Kind == DrillProbeKind.Tcp ? p with { Address = target }
                : Uri.TryCreate(target, UriKind.Absolute, out var uri) ? p with { Url = uri }
                : throw new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, $"-ProbeUrl for '{p.Name}': '{target}' is not an absolute URL.", target)).ToList(),
        };
    }

    public static DrillResult Run(PSCmdlet cmdlet, DrillRunRequest request, Engine.Connection.ClusterConnection connection, CancellationToken cancellationToken)
    {
        using var http = new HttpProbeClient();
        // Kubernetes readiness probes of the drill read through the drill's own connection.
        using var recovery = new ClusterRecovery(connection, http);
        var runner = new DrillRunner(recovery.Checks, new RecoveryBaselineService(http, TimeProvider.System), new ProcessCommandRunner());
        var activity = $"Invoke-RollbackDrill {request.Drill.Name}" + (request.DryRun ? " (dry run)" : string.Empty);
        var record = new ProgressRecord(1, activity, "Starting") { PercentComplete = 0 };
        try
        {
            return EngineTaskRunner.Run<DrillResult, DrillProgress>(
                p => runner.RunAsync(request, p, cancellationToken),
                p =>
                {
                    if (cmdlet.Stopping)
                    {
                        return;
                    }

                    record.StatusDescription = $"{p.Phase}: {p.Status}";
                    record.PercentComplete = Math.Clamp(100 * (p.PhaseIndex + (p.PhaseCompleted ? 1 : 0)) / Math.Max(1, p.PhaseCount), 0, 100);
                    try
                    {
                        cmdlet.WriteProgress(record);
                    }
                    catch (PipelineStoppedException)
                    {
                        // Ctrl+C between the check and the write: the runner ends the drill and returns its journal.
                    }
                },
                cancellationToken);
        }
        finally
        {
            if (!cmdlet.Stopping)
            {
                record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(record);
            }
        }
    }

    /// <summary>Writes the drill file's report outputs (paths relative to the drill file); errors are returned, one per file.</summary>
    public static List<(string Path, DrillException Error)> WriteReports(DrillDefinition drill, DrillResult result, bool overwrite)
    {
        var errors = new List<(string, DrillException)>();
        foreach (var output in drill.Reports)
        {
            var path = DrillPaths.Report(drill, output);
            try
            {
                var content = ReportRenderer.Render(result.Report!, (ReportFormat)(int)output.Format);
                result.ReportFiles.Add(ReportFileWriter.Write(path, content, overwrite).FullName);
            }
            catch (DrillException ex)
            {
                errors.Add((path, ex.ErrorId == ErrorIds.ReportFileExists
                    ? new DrillException(ex.ErrorId, DrillErrorKind.InvalidOperation, $"The report file '{path}' already exists; the drill's report was not written there.", path)
                    {
                        RecommendedAction = "Add -Force to replace the reports of an earlier run, or change spec.reports in the drill file.",
                    }
                    : ex));
            }
        }

        return errors;
    }

    /// <summary>Parses a drill file; every mistake is written as an error (with file:line:col) and null returned.</summary>
    public static DrillDefinition? Load(PSCmdlet cmdlet, string path)
    {
        var full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        try
        {
            return DrillFileParser.ParseFile(full);
        }
        catch (DrillFileException e)
        {
            foreach (var error in e.Errors)
            {
                cmdlet.WriteError(DrillCmdlet.ToErrorRecord(
                    new DrillException(ErrorIds.DrillFileInvalid, DrillErrorKind.InvalidData, error.ToString(), error)
                    {
                        RecommendedAction = "Fix the field named in the message (Test-DrillFile lists every mistake); see Get-Help about_RollbackDrill_DrillFiles.",
                    },
                    error));
            }

            return null;
        }
    }

    public static DrillResult Execute(
        PSCmdlet cmdlet, DrillDefinition drill, Engine.Connection.ClusterConnection connection, bool dryRun, RollbackExecutor executor, string? helmPath,
        string[]? skipSteps, TimeSpan? timeout, string? journalPath, CancellationToken cancellationToken)
    {
        var unknown = (skipSteps ?? []).Where(s => !drill.Steps.Any(d => d.Name == s)).ToList();
        if (unknown.Count > 0)
        {
            cmdlet.ThrowTerminatingError(DrillCmdlet.ToErrorRecord(new DrillException(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument,
                $"-SkipStep names step(s) the drill '{drill.Name}' does not have: {string.Join(", ", unknown)}. Its steps are: {string.Join(", ", drill.Steps.Select(d => d.Name))}.", unknown[0]),
                unknown[0]));
        }

        using var factory = new ClusterRollbackFactory(executor == RollbackExecutor.Sandbox ? RollbackExecutorKind.Sandbox : RollbackExecutorKind.Helm,
            helmPath is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(helmPath));
        var major = Engine.Rules.HelmMajor.V3;
        try
        {
            major = EngineTaskRunner.Run<Engine.Rules.HelmMajor, int>(_ => factory.DetectMajorAsync(cancellationToken), _ => { }, cancellationToken);
        }
        catch (DrillException ex) when (dryRun)
        {
            cmdlet.WriteWarning($"{ex.Message} The dry run shows Helm 3 command lines.");
        }
        catch (DrillException ex)
        {
            cmdlet.ThrowTerminatingError(DrillCmdlet.ToErrorRecord(ex, helmPath ?? "helm"));
        }

        var cwd = cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        string? journal = null;
        var request = new DrillRunRequest
        {
            Drill = drill,
            Cluster = factory.For(connection, Engine.Services.ClusterReleaseReader.DriverFromEnvironment(Environment.GetEnvironmentVariable("HELM_DRIVER"))),
            Context = connection.Info.Context,
            Server = connection.Info.Server.ToString(),
            DryRun = dryRun,
            Operator = Environment.UserName + "@" + Environment.MachineName,
            ToolVersion = cmdlet.MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(DrillInvocation).Assembly.GetName().Version?.ToString(3),
            HelmMajor = major,
            Timeout = timeout,
            SkipSteps = new HashSet<string>(skipSteps ?? [], StringComparer.Ordinal),
            MapProbe = (p, baselines) => DrillProbeMapper.ToRecoveryProbe(p, drill, baselines),
            WorkingDirectory = drill.SourcePath is { } src ? Path.GetDirectoryName(Path.GetFullPath(src)) : cwd,
            Checkpoint = dryRun ? null : r =>
            {
                journal ??= journalPath is null ? DrillJournal.DefaultPath(drill, r.StartedAt, cwd) : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(journalPath);
                r.JournalPath = journal;
                DrillJournal.Write(r, journal);
            },
        };
        var result = Run(cmdlet, request, connection, cancellationToken);
        result.Report = DrillResultReport.Build(result);
        if (result.JournalPath is { } path)
        {
            try
            {
                DrillJournal.Write(result, path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                cmdlet.WriteWarning($"The final journal could not be written to '{path}': {ex.Message}");
            }
        }

        return result;
    }

    /// <summary>A drill that did not complete is a non-terminating error that says what state it left; a missed objective is a warning.</summary>
    public static void ReportOutcome(PSCmdlet cmdlet, DrillResult result)
    {
        if (result.JournalPath is { } journal)
        {
            cmdlet.WriteVerbose($"Journal: {journal}");
        }

        var (id, kind) = result.Outcome switch
        {
            DrillOutcome.Failed => (ErrorIds.DrillFailed, DrillErrorKind.InvalidOperation),
            DrillOutcome.Aborted => (ErrorIds.DrillAborted, DrillErrorKind.InvalidOperation),
            DrillOutcome.Stopped => (ErrorIds.DrillStopped, DrillErrorKind.OperationTimeout),
            _ => (null, DrillErrorKind.NotSpecified),
        };
        if (id is not null)
        {
            var error = new DrillException(id, kind, $"Drill '{result.Drill}' {result.Outcome.ToString().ToLowerInvariant()}: {result.Message} State left: {result.StateLeft}", result)
            {
                RecommendedAction = "Read the journal" + (result.JournalPath is null ? string.Empty : $" ({result.JournalPath})") + ", then restore or finish the releases listed under 'State left'.",
            };
            cmdlet.WriteError(DrillCmdlet.ToErrorRecord(error, result));
        }
        else if (result.Outcome == DrillOutcome.ObjectiveMissed)
        {
            cmdlet.WriteWarning($"Drill '{result.Drill}': {result.Message}");
        }
    }
}
