using RollbackDrill.Engine.Rules;

namespace RollbackDrill.Engine.Rollback;

/// <summary>One helm rollback to run: release, explicit target revision, where, and the flags.</summary>
public sealed record HelmInvocation
{
    public required string Release { get; init; }

    public required string Namespace { get; init; }

    public required int Revision { get; init; }

    public required HelmConnection Connection { get; init; }

    public HelmStorageDriver Driver { get; init; }

    /// <summary>helm --timeout: the time left of the overall deadline.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool Wait { get; init; }

    public HelmWaitStrategy WaitStrategy { get; init; } = HelmWaitStrategy.Watcher;

    public bool ForceReplace { get; init; }

    public bool CleanupOnFail { get; init; }

    public bool NoHooks { get; init; }

    /// <summary>The argv for a helm of <paramref name="major"/> (never a shell string).</summary>
    public IReadOnlyList<string> Arguments(HelmMajor major) => HelmCommandLine.Build(
        major, Release, Revision, Namespace, Connection.Context, Connection.Kubeconfig, Wait, Timeout,
        force: ForceReplace, cleanupOnFail: CleanupOnFail, noHooks: NoHooks, waitStrategy: WaitStrategy);
}
