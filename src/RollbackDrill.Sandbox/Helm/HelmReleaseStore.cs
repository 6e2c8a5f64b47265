using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Helm;

/// <summary>
/// Helm's storage (helm pkg/storage + pkg/storage/driver Secrets/ConfigMaps) over the sandbox's object store:
/// one Secret or ConfigMap per revision, queried by the labels name=&lt;release&gt;,owner=helm.
/// </summary>
public sealed class HelmReleaseStore
{
    public const string SecretDriver = "secret";
    public const string ConfigMapDriver = "configmap";

    private readonly ResourceStore _store;
    private readonly TimeProvider _time;

    public HelmReleaseStore(ResourceStore store, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The driver holding the release: "secret" when any Secret record exists, else "configmap" when a
    /// ConfigMap record does, else null (HELM_DRIVER picks one in real helm; the sandbox detects it).</summary>
    public string? DetectDriver(string @namespace, string release)
    {
        var sel = Selector(release);
        if (_store.List("secrets", @namespace, sel).Count > 0)
        {
            return SecretDriver;
        }

        return _store.List("configmaps", @namespace, sel).Count > 0 ? ConfigMapDriver : null;
    }

    /// <summary>helm storage.History: every decodable record of the release, oldest first. Undecodable records
    /// are skipped, as the drivers' Query does (it logs and continues).</summary>
    public IReadOnlyList<JsonObject> History(string @namespace, string release, string driver = SecretDriver)
    {
        var result = new List<JsonObject>();
        foreach (var obj in _store.List(Resource(driver), @namespace, Selector(release)))
        {
            try
            {
                result.Add(HelmReleaseCodec.DecodeRecord(obj));
            }
            catch (HelmReleaseFormatException)
            {
                // driver.Query: "failed to decode release" is logged, the record skipped.
            }
        }

        result.Sort((a, b) => Version(a).CompareTo(Version(b)));
        return result;
    }

    public JsonObject? Get(string @namespace, string release, int version, string driver = SecretDriver)
    {
        var obj = _store.Get(Resource(driver), @namespace, HelmReleaseCodec.StorageKey(release, version));
        return obj is null ? null : HelmReleaseCodec.DecodeRecord(obj);
    }

    /// <summary>driver.Create: a new record labelled createdAt; AlreadyExists → "release: already exists".</summary>
    public void Create(string @namespace, JsonObject release, string driver = SecretDriver, bool gzip = true, DateTimeOffset? at = null)
    {
        var labels = HelmReleaseCodec.StandardLabels(release, at ?? _time.GetUtcNow(), null);
        var obj = driver == ConfigMapDriver
            ? HelmReleaseCodec.ToConfigMap(release, @namespace, labels, gzip)
            : HelmReleaseCodec.ToSecret(release, @namespace, labels, gzip);
        try
        {
            _store.Create(Resource(driver), @namespace, obj);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            throw new HelmCommandException("release: already exists", ex);
        }
    }

    /// <summary>driver.Update: rewrites the record; the label set is rebuilt with modifiedAt (so createdAt goes,
    /// as in Helm's newSecretsObject called from Update).</summary>
    public void Update(string @namespace, JsonObject release, string driver = SecretDriver, DateTimeOffset? at = null)
    {
        var labels = HelmReleaseCodec.StandardLabels(release, null, at ?? _time.GetUtcNow());
        var obj = driver == ConfigMapDriver
            ? HelmReleaseCodec.ToConfigMap(release, @namespace, labels)
            : HelmReleaseCodec.ToSecret(release, @namespace, labels);
        _store.Update(Resource(driver), @namespace, obj);
    }

    public bool Delete(string @namespace, string release, int version, string driver = SecretDriver) =>
        _store.Delete(Resource(driver), @namespace, HelmReleaseCodec.StorageKey(release, version));

    /// <summary>helm storage.removeLeastRecent: deletes the oldest records until at most <paramref name="maximum"/>
    /// remain, never the last deployed one.</summary>
    public IReadOnlyList<int> RemoveLeastRecent(string @namespace, string release, int maximum, string driver = SecretDriver)
    {
        var deleted = new List<int>();
        if (maximum < 0)
        {
            return deleted;
        }

        var history = History(@namespace, release, driver);
        if (history.Count <= maximum)
        {
            return deleted;
        }

        var lastDeployed = history.Where(r => Status(r) == HelmStatus.Deployed).Select(Version).DefaultIfEmpty(-1).Max();
        var toDelete = new List<int>();
        foreach (var rel in history)
        {
            if (history.Count - toDelete.Count == maximum)
            {
                break;
            }

            if (Version(rel) != lastDeployed)
            {
                toDelete.Add(Version(rel));
            }
        }

        foreach (var v in toDelete)
        {
            if (Delete(@namespace, release, v, driver))
            {
                deleted.Add(v);
            }
        }

        return deleted;
    }

    public static int Version(JsonObject release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release["version"]?.GetValue<int>() ?? 0;
    }

    public static string Status(JsonObject release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release["info"]?["status"]?.GetValue<string>() ?? HelmStatus.Unknown;
    }

    public static string Resource(string driver) => driver switch
    {
        ConfigMapDriver or "configmaps" => "configmaps",
        _ => "secrets",
    };

    private static string Selector(string release) => "name=" + release + ",owner=helm";
}
