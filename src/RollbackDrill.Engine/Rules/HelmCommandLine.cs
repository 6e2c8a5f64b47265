using System.Globalization;
using System.Text.RegularExpressions;

namespace RollbackDrill.Engine.Rules;

/// <summary>
/// Builds the argv of `helm rollback` for Helm 3 or 4 (never a shell string). Context, namespace and (when there is
/// one) kubeconfig are always passed explicitly, so helm never falls back to its own defaults; the revision is always
/// explicit (the plan resolved it), so a concurrent release change cannot move the target.
/// </summary>
public static partial class HelmCommandLine
{
    /// <summary>
    /// helm rollback flags. Helm 3 (cmd/helm/rollback.go): --wait, --force, --recreate-pods, --cleanup-on-fail,
    /// --no-hooks, --timeout, --history-max. Helm 4 (pkg/cmd/rollback.go): --wait=&lt;watcher|legacy|hookOnly&gt;,
    /// --force-replace (--force is deprecated), no --recreate-pods.
    /// </summary>
    /// <exception cref="DrillException">recreatePods on Helm 4 (the flag does not exist there), or invalid input.</exception>
    public static IReadOnlyList<string> Build(
        HelmMajor major,
        string release,
        int revision,
        string ns,
        string context,
        string? kubeconfig,
        bool wait,
        TimeSpan? timeout,
        bool force = false,
        bool recreatePods = false,
        bool cleanupOnFail = false,
        bool noHooks = false,
        int? historyMax = null,
        HelmWaitStrategy waitStrategy = HelmWaitStrategy.Watcher)
    {
        if (major is not (HelmMajor.V3 or HelmMajor.V4))
        {
            throw Invalid($"Helm major version {(int)major} is not supported: RollbackDrill drives Helm 3 and Helm 4.", major);
        }

        if (string.IsNullOrEmpty(release) || release.Length > 53 || !ReleaseName().IsMatch(release))
        {
            // helm chartutil.ValidateReleaseName: lowercase DNS-1123 subdomain of at most 53 characters.
            throw Invalid($"'{release}' is not a valid Helm release name (lowercase letters, digits, '-' and '.', at most 53 characters).", release);
        }

        if (revision < 1)
        {
            throw Invalid($"Revision {revision} is not a revision to roll back to: pass the resolved target revision (1 or more).", revision);
        }

        if (string.IsNullOrWhiteSpace(ns))
        {
            throw Invalid("The namespace must be given explicitly.", ns);
        }

        if (string.IsNullOrWhiteSpace(context))
        {
            throw new DrillException(ErrorIds.ContextRequired, DrillErrorKind.InvalidArgument,
                "The kube context must be given explicitly: helm is never run against its current context.", context);
        }

        if (kubeconfig is not null && string.IsNullOrWhiteSpace(kubeconfig))
        {
            throw Invalid("The kubeconfig path is empty.", kubeconfig);
        }

        if (timeout is { } t && t <= TimeSpan.Zero)
        {
            throw Invalid($"The timeout must be positive (got {t}).", t);
        }

        if (historyMax < 0)
        {
            throw Invalid($"--history-max must be 0 (no limit) or more (got {historyMax}).", historyMax);
        }

        if (recreatePods && major == HelmMajor.V4)
        {
            throw Invalid("Helm 4 has no --recreate-pods flag for rollback; drop -RecreatePods (a rollback that changes the pod template restarts the pods anyway).", "recreatePods");
        }

        var args = new List<string>
        {
            "rollback",
            release,
            revision.ToString(CultureInfo.InvariantCulture),
            "--namespace=" + ns,
            "--kube-context=" + context,
        };
        if (kubeconfig is not null)
        {
            args.Add("--kubeconfig=" + kubeconfig);
        }

        if (wait)
        {
            if (major == HelmMajor.V3)
            {
                if (waitStrategy != HelmWaitStrategy.HookOnly)
                {
                    args.Add("--wait");
                }
            }
            else
            {
                args.Add("--wait=" + waitStrategy switch
                {
                    HelmWaitStrategy.Legacy => "legacy",
                    HelmWaitStrategy.HookOnly => "hookOnly",
                    _ => "watcher",
                });
            }
        }

        if (timeout is { } timeoutValue)
        {
            args.Add("--timeout=" + GoDuration.Format(timeoutValue));
        }

        if (force)
        {
            args.Add(major == HelmMajor.V4 ? "--force-replace" : "--force");
        }

        if (recreatePods)
        {
            args.Add("--recreate-pods");
        }

        if (cleanupOnFail)
        {
            args.Add("--cleanup-on-fail");
        }

        if (noHooks)
        {
            args.Add("--no-hooks");
        }

        if (historyMax is { } max)
        {
            args.Add("--history-max=" + max.ToString(CultureInfo.InvariantCulture));
        }

        return args;
    }

    /// <summary>The argv of `helm version --short` (used to detect the major version).</summary>
    public static IReadOnlyList<string> VersionShort() => ["version", "--short"];

    /// <summary>
    /// A display form of an argv for transcripts: each argument single-quoted when it needs quoting (POSIX shell
    /// style). For reading only; it is never executed.
    /// </summary>
    public static string ToDisplayString(string executable, IEnumerable<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return string.Join(' ', new[] { executable }.Concat(args).Select(Quote));
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && SafeArgument().IsMatch(arg) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static DrillException Invalid(string message, object? target) =>
        new(ErrorIds.InvalidArgument, DrillErrorKind.InvalidArgument, message, target);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ReleaseName();

    [GeneratedRegex(@"^[A-Za-z0-9_./:=@%+,\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeArgument();
}
