using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RollbackDrill.Sandbox.Scenario;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>
/// `helm rollback` over the sandbox store, step for step as helm pkg/action/rollback.go does it:
/// prepareRollback (revision 0 = current − 1; "release has no N version"), storage.Create of revision N+1
/// as pending-rollback "Rollback to X" (with --history-max pruning first), then the target manifest applied to
/// the cluster (so the sandbox controllers roll out), then --wait with helm's ready rules, then every deployed
/// revision → superseded and N+1 → deployed. Failures: apply error → current superseded + N+1 failed
/// ("Rollback \"x\" failed: ..."); wait timeout → N+1 failed ("Release \"x\" failed: ..."), current untouched.
/// Helm's rollback does NOT refuse when the newest revision is pending-* (only install/upgrade do); it is the
/// usual way out of that lock.
/// </summary>
public sealed partial class HelmRollbackEmulator
{
    private static readonly Dictionary<string, string> KindToResource = new(StringComparer.Ordinal)
    {
        ["Service"] = "services",
        ["Deployment"] = "deployments",
        ["StatefulSet"] = "statefulsets",
        ["DaemonSet"] = "daemonsets",
        ["ConfigMap"] = "configmaps",
        ["Secret"] = "secrets",
        ["ReplicaSet"] = "replicasets",
        ["Pod"] = "pods",
    };

    private readonly ResourceStore _store;
    private readonly HelmReleaseStore _releases;
    private readonly TimeProvider _time;

    public HelmRollbackEmulator(ResourceStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
        _releases = new HelmReleaseStore(store, _time);
    }

    /// <summary>How often --wait re-checks readiness.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <exception cref="HelmCommandException">helm's error, worded as helm words it.</exception>
    public async Task<HelmRollbackResult> RollbackAsync(string @namespace, string release, int revision, HelmRollbackOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        ArgumentNullException.ThrowIfNull(release);
        options ??= new HelmRollbackOptions();

        // prepareRollback
        if (!ReleaseName().IsMatch(release) || release.Length > 53)
        {
            throw new HelmCommandException($"prepareRollback: Release name is invalid: {release}");
        }

        if (revision < 0)
        {
            throw new HelmCommandException("invalid release revision");
        }

        var driver = options.Driver ?? _releases.DetectDriver(@namespace, release) ?? HelmReleaseStore.SecretDriver;
        var history = _releases.History(@namespace, release, driver);
        if (history.Count == 0)
        {
            throw new HelmCommandException("release: not found");
        }

        var current = history[^1];
        var currentVersion = HelmReleaseStore.Version(current);
        var previousVersion = revision == 0 ? currentVersion - 1 : revision;
        var previous = history.FirstOrDefault(r => HelmReleaseStore.Version(r) == previousVersion)
            ?? throw new HelmCommandException($"release has no {previousVersion} version");

        var now = _time.GetUtcNow();
        var target = new JsonObject
        {
            ["name"] = release,
            ["info"] = new JsonObject
            {
                ["first_deployed"] = current["info"]?["first_deployed"]?.DeepClone(),
                ["last_deployed"] = HelmTime.Format(now),
                ["deleted"] = string.Empty,
                ["description"] = $"Rollback to {previousVersion}",
                ["status"] = HelmStatus.PendingRollback,
                ["notes"] = previous["info"]?["notes"]?.DeepClone(),
            },
            ["chart"] = previous["chart"]?.DeepClone(),
            ["config"] = previous["config"]?.DeepClone(),
            ["manifest"] = previous["manifest"]?.DeepClone(),
            ["hooks"] = previous["hooks"]?.DeepClone(),
            ["version"] = currentVersion + 1,
            ["namespace"] = current["namespace"]?.DeepClone() ?? @namespace,
        };
        if (target["hooks"] is null)
        {
            target.Remove("hooks"); // omitempty in helm's Release
        }

        var newVersion = currentVersion + 1;
        if (options.DryRun)
        {
            return new HelmRollbackResult(release, @namespace, currentVersion, previousVersion, newVersion, HelmStatus.PendingRollback, $"Rollback to {previousVersion}", false, []);
        }

        // storage.Create with MaxHistory: make room for one more record first.
        IReadOnlyList<int> pruned = options.MaxHistory > 0
            ? _releases.RemoveLeastRecent(@namespace, release, options.MaxHistory - 1, driver)
            : [];
        _releases.Create(@namespace, target, driver, at: now);
        if (options.KillAt == HelmRollbackKillPoint.AfterPendingRecord)
        {
            return Killed();
        }

        // performRollback: build both manifests, apply the target, delete what only the current one had.
        var relNs = target["namespace"]!.GetValue<string>();
        List<JsonObject> currentObjects;
        List<JsonObject> targetObjects;
        try
        {
            currentObjects = Build(current["manifest"]?.GetValue<string>(), "current");
        }
        catch (HelmCommandException ex)
        {
            throw Fail(ex.Message);
        }

        try
        {
            targetObjects = Build(target["manifest"]?.GetValue<string>(), "new");
        }
        catch (HelmCommandException ex)
        {
            throw Fail(ex.Message);
        }

        var created = new List<(string Resource, string Ns, string Name)>();
        try
        {
            Apply(release, relNs, currentObjects, targetObjects, created, options);
        }
        catch (ApiException ex)
        {
            var msg = $"Rollback \"{release}\" failed: {ex.Message}";
            HelmReleaseBuilder.SetStatus(current, HelmStatus.Superseded);
            HelmReleaseBuilder.SetStatus(target, HelmStatus.Failed, msg);
            _releases.Update(@namespace, current, driver);
            _releases.Update(@namespace, target, driver);
            if (options.CleanupOnFail)
            {
                foreach (var (res, ns, name) in created)
                {
                    _store.Delete(res, ns, name);
                }
            }

            throw new HelmCommandException(ex.Message, ex);
        }

        if (options.KillAt == HelmRollbackKillPoint.AfterApply)
        {
            return Killed();
        }

        if (options.Wait)
        {
            var notReady = await WaitAsync(relNs, targetObjects, options.Timeout, ct).ConfigureAwait(false);
            if (notReady is not null)
            {
                // helm 3.15+: the waiter's context ends with "context deadline exceeded".
                const string err = "context deadline exceeded";
                HelmReleaseBuilder.SetStatus(target, HelmStatus.Failed, $"Release \"{release}\" failed: {err}");
                _releases.Update(@namespace, current, driver);
                _releases.Update(@namespace, target, driver);
                throw new HelmCommandException($"release {release} failed: {err}");
            }
        }

        // Supersede all previous deployments (helm issue #2941), then mark N+1 deployed.
        foreach (var rel in _releases.History(@namespace, release, driver))
        {
            if (HelmReleaseStore.Status(rel) == HelmStatus.Deployed)
            {
                HelmReleaseBuilder.SetStatus(rel, HelmStatus.Superseded);
                _releases.Update(@namespace, rel, driver);
            }
        }

        HelmReleaseBuilder.SetStatus(target, HelmStatus.Deployed);
        _releases.Update(@namespace, target, driver);
        return new HelmRollbackResult(release, @namespace, currentVersion, previousVersion, newVersion, HelmStatus.Deployed,
            target["info"]!["description"]!.GetValue<string>(), false, pruned);

        HelmRollbackResult Killed() => new(release, @namespace, currentVersion, previousVersion, newVersion, HelmStatus.PendingRollback,
            $"Rollback to {previousVersion}", true, pruned);

        HelmCommandException Fail(string message)
        {
            // An error before the update leaves N+1 pending-rollback in helm too (Run returns early).
            return new HelmCommandException(message);
        }
    }

    /// <summary>kube.Client.Build: the manifest's objects (empty documents skipped).</summary>
    private static List<JsonObject> Build(string? manifest, string which)
    {
        if (string.IsNullOrWhiteSpace(manifest))
        {
            return [];
        }

        IReadOnlyList<JsonObject> docs;
        try
        {
            docs = YamlJson.ParseDocuments(manifest);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new HelmCommandException($"unable to build kubernetes objects from {which} release manifest: {ex.Message}", ex);
        }

        foreach (var d in docs)
        {
            var kind = d["kind"]?.GetValue<string>() ?? "";
            if (!KindToResource.ContainsKey(kind))
            {
                var api = d["apiVersion"]?.GetValue<string>() ?? "";
                throw new HelmCommandException($"unable to build kubernetes objects from {which} release manifest: resource mapping not found for name: \"{d["metadata"]?["name"]}\" namespace: \"\" from \"\": no matches for kind \"{kind}\" in version \"{api}\"");
            }
        }

        return [.. docs];
    }

    private void Apply(string release, string ns, List<JsonObject> currentObjects, List<JsonObject> targetObjects,
        List<(string, string, string)> created, HelmRollbackOptions options)
    {
        foreach (var raw in targetObjects)
        {
            var obj = ManifestGenerator.WithHelmOwnership(raw, release, ns);
            var resource = KindToResource[obj["kind"]!.GetValue<string>()];
            var objNs = obj["metadata"]!["namespace"]!.GetValue<string>();
            var name = obj["metadata"]!["name"]!.GetValue<string>();
            var existing = _store.Get(resource, objNs, name);
            if (existing is null)
            {
                _store.Create(resource, objNs, obj);
                created.Add((resource, objNs, name));
                continue;
            }

            var old = currentObjects.FirstOrDefault(c => Same(c, raw));
            var merged = Merge(existing, old, obj);
            _store.Update(resource, objNs, merged);
            if (options.RecreatePods && resource is "deployments" or "statefulsets" or "daemonsets")
            {
                var selector = Selector(obj["spec"]?["selector"]?["matchLabels"] as JsonObject);
                foreach (var pod in _store.List("pods", objNs, selector))
                {
                    _store.Delete("pods", objNs, pod["metadata"]!["name"]!.GetValue<string>());
                }
            }
        }

        // kube.Client.Update: objects in the current manifest that the target no longer has are deleted.
        foreach (var raw in currentObjects)
        {
            if (targetObjects.Any(t => Same(t, raw)))
            {
                continue;
            }

            var resource = KindToResource[raw["kind"]!.GetValue<string>()];
            var objNs = raw["metadata"]?["namespace"]?.GetValue<string>() ?? ns;
            _store.Delete(resource, objNs, raw["metadata"]!["name"]!.GetValue<string>());
        }
    }

    /// <summary>A three-way merge in the spirit of helm's patch: the target's spec replaces the live spec; labels
    /// and annotations the current manifest set but the target does not are removed, others (e.g. the
    /// controller's deployment.kubernetes.io/revision) are kept; status is the controllers'.</summary>
    private static JsonObject Merge(JsonObject live, JsonObject? currentManifestObj, JsonObject target)
    {
        var merged = (JsonObject)live.DeepClone();
        var meta = (JsonObject)merged["metadata"]!;
        meta.Remove("resourceVersion"); // last write wins, like a patch
        foreach (var field in new[] { "labels", "annotations" })
        {
            var liveMap = meta[field] as JsonObject ?? [];
            var before = currentManifestObj?["metadata"]?[field] as JsonObject;
            var after = target["metadata"]?[field] as JsonObject ?? [];
            if (before is not null)
            {
                foreach (var (k, _) in before.ToList())
                {
                    if (!after.ContainsKey(k))
                    {
                        liveMap.Remove(k);
                    }
                }
            }

            foreach (var (k, v) in after)
            {
                liveMap[k] = v?.DeepClone();
            }

            meta[field] = liveMap;
        }

        foreach (var (k, v) in target)
        {
            if (k is "metadata" or "status" or "kind" or "apiVersion")
            {
                continue;
            }

            merged[k] = v?.DeepClone();
        }

        return merged;
    }

    private async Task<string?> WaitAsync(string ns, List<JsonObject> targetObjects, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var notReady = NotReady(ns, targetObjects);
            if (notReady is null)
            {
                return null;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                return notReady;
            }

            var left = deadline - _time.GetUtcNow();
            await Task.Delay(left < PollInterval ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : PollInterval, ct).ConfigureAwait(false);
        }
    }

    private string? NotReady(string ns, List<JsonObject> targetObjects)
    {
        foreach (var raw in targetObjects)
        {
            var kind = raw["kind"]!.GetValue<string>();
            var objNs = raw["metadata"]?["namespace"]?.GetValue<string>() ?? ns;
            var name = raw["metadata"]!["name"]!.GetValue<string>();
            string? why = kind switch
            {
                "Deployment" => DeploymentNotReady(objNs, name),
                "StatefulSet" => _store.Get("statefulsets", objNs, name) is { } s ? HelmWaitRules.StatefulSetNotReady(s) : "StatefulSet missing",
                "DaemonSet" => _store.Get("daemonsets", objNs, name) is { } d ? HelmWaitRules.DaemonSetNotReady(d) : "DaemonSet missing",
                _ => null,
            };
            if (why is not null)
            {
                return why;
            }
        }

        return null;
    }

    private string? DeploymentNotReady(string ns, string name)
    {
        var dep = _store.Get("deployments", ns, name);
        if (dep is null)
        {
            return $"Deployment {ns}/{name} not found";
        }

        var rs = HelmWaitRules.FindNewReplicaSet(dep, _store.List("replicasets", ns));
        return HelmWaitRules.DeploymentNotReady(dep, rs);
    }

    private static bool Same(JsonObject a, JsonObject b) =>
        a["kind"]?.GetValue<string>() == b["kind"]?.GetValue<string>() &&
        a["metadata"]?["name"]?.GetValue<string>() == b["metadata"]?["name"]?.GetValue<string>();

    private static string? Selector(JsonObject? matchLabels) =>
        matchLabels is null || matchLabels.Count == 0 ? null : string.Join(",", matchLabels.Select(kv => kv.Key + "=" + kv.Value));

    // helm chartutil.ValidateReleaseName: ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, ≤ 53.
    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex ReleaseName();
}
