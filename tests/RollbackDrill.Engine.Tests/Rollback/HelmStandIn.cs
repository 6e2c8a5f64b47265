namespace RollbackDrill.Engine.Tests.Rollback;

/// <summary>
/// A test stand-in for helm (POSIX sh + curl): answers `version --short` with a given version, logs every argv to
/// HELM_STANDIN_LOG (one line per call, arguments tab-separated), and performs `rollback` through the sandbox's helm
/// endpoint, printing helm's success line or "Error: ..." with exit code 1. Releases listed as failing exit 1 without
/// calling the sandbox; releases listed as slow sleep first (for Ctrl+C tests).
/// </summary>
internal static class HelmStandIn
{
    public static bool Available => !OperatingSystem.IsWindows() && File.Exists("/bin/sh") && File.Exists("/usr/bin/curl");

    public static string Write(string directory, Uri sandbox, string version, string logPath, string failReleases = "", string slowReleases = "")
    {
        var script = """
            #!/bin/sh
            LOG="${HELM_STANDIN_LOG:-__LOG__}"
            line=argv; for a in "$@"; do line="$line$(printf '\t%s' "$a")"; done
            printf '%s\n' "$line" >> "$LOG"
            if [ "$1" = "version" ]; then echo "__VERSION__"; exit 0; fi
            if [ "$1" != "rollback" ]; then echo "Error: unknown command \"$1\" for \"helm\"" >&2; exit 1; fi
            release="$2"; revision="$3"; ns=default; wait=false
            for a in "$@"; do
              case "$a" in
                --namespace=*) ns="${a#--namespace=}";;
                --wait|--wait=watcher|--wait=legacy) wait=true;;
              esac
            done
            case " __FAIL__ " in *" $release "*) echo "Error: stand-in failure: rollback of $release refused" >&2; exit 1;; esac
            case " __SLOW__ " in *" $release "*) sleep 30;; esac
            resp=$(curl -s -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' --data "{\"namespace\":\"$ns\",\"release\":\"$release\",\"revision\":$revision,\"wait\":$wait}" "__URL__sandbox/v1/helm/rollback")
            code=$(printf '%s\n' "$resp" | tail -n 1)
            body=$(printf '%s\n' "$resp" | sed '$d')
            if [ "$code" = "200" ]; then echo "Rollback was a success! Happy Helming!"; exit 0; fi
            err=$(printf '%s' "$body" | sed -n 's/.*"error":"\([^"]*\)".*/\1/p')
            echo "Error: $err" >&2
            exit 1
            """;
        script = script.Replace("__LOG__", logPath, StringComparison.Ordinal)
            .Replace("__VERSION__", version, StringComparison.Ordinal)
            .Replace("__FAIL__", failReleases, StringComparison.Ordinal)
            .Replace("__SLOW__", slowReleases, StringComparison.Ordinal)
            .Replace("__URL__", sandbox.AbsoluteUri, StringComparison.Ordinal);
        var path = Path.Combine(directory, "helm");
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    /// <summary>The logged argv of each call.</summary>
    public static IReadOnlyList<string[]> Calls(string logPath) => File.Exists(logPath)
        ? File.ReadAllLines(logPath).Select(l => l.Split('\t').Skip(1).ToArray()).ToList()
        : [];
}
