using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RollbackDrill.Sandbox;

/// <summary>
/// In-memory store of Kubernetes objects as wire JSON. Every write gets the next cluster-wide resourceVersion
/// (like etcd's revision), appends to a bounded watch history and raises <see cref="Changed"/>.
/// Objects handed out are copies; the store never shares its own instances.
/// </summary>
public sealed class ResourceStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, Entry>> _objects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _byUid = new(StringComparer.Ordinal);
    private readonly Queue<StoredEvent> _history = new();
    private readonly List<WatchSubscription> _subscribers = [];
    private readonly int _historyLimit;
    private readonly TimeProvider _time;
    private long _rv;
    private Entry? _lastCommitted;

    public ResourceStore(int watchHistoryLimit = 10_000, TimeProvider? time = null)
    {
        _historyLimit = Math.Max(1, watchHistoryLimit);
        _time = time ?? TimeProvider.System;
        foreach (var t in ResourceTypes.Served)
        {
            _objects[t.Resource] = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Raised after each write (outside the store lock), with a copy of the object. Handlers may write to the
    /// store; events from concurrent writers may interleave.
    /// </summary>
    public event Action<WatchEvent>? Changed;

    /// <summary>The resourceVersion of the last write (0 before any).</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _rv;
            }
        }
    }

    /// <summary>The oldest resourceVersion a watch can still resume from (older ones get 410 Gone).</summary>
    public long OldestResumableResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _history.Count == 0 ? _rv : _history.Peek().Rv - 1;
            }
        }
    }

    /// <summary>A copy of the object, or null.</summary>
    public JsonObject? Get(string resource, string? ns, string name)
    {
        var type = ResourceTypes.Get(resource);
        lock (_gate)
        {
            return _objects[type.Resource].TryGetValue(Key(type, ns, name), out var e) ? e.Clone() : null;
        }
    }

    /// <summary>Copies of the matching objects, sorted by namespace then name; ns null = all namespaces.</summary>
    public IReadOnlyList<JsonObject> List(string resource, string? ns, string? labelSelector = null)
    {
        var sel = LabelSelector.Parse(labelSelector);
        return ListEntries(resource, ns, sel, null, out _).Select(e => e.Clone()).ToList();
    }

    /// <summary>Creates the object; throws ApiException 409 AlreadyExists, 422 Invalid, 400 BadRequest.</summary>
    public JsonObject Create(string resource, string? ns, JsonObject obj)
    {
        var type = ResourceTypes.Get(resource);
        var o = CopyOf(obj);
        var meta = Metadata(o);
        ns = ResolveNamespace(type, ns, meta);
        var name = meta["name"]?.GetValue<string>();
        var generateName = meta["generateName"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
        {
            throw ApiException.Invalid(type, "", "metadata.name", "Required value: name or generateName is required");
        }

        o["kind"] = type.Kind;
        o["apiVersion"] = type.ApiVersion;
        StripServerFields(meta);
        meta["creationTimestamp"] = Now();
        meta["uid"] = Guid.NewGuid().ToString();
        if (type.HasGeneration)
        {
            meta["generation"] = 1;
        }

        ObjectDefaults.OnCreate(type, o);
        WatchEvent? evt;
        Entry created;
        lock (_gate)
        {
            var table = _objects[type.Resource];
            if (string.IsNullOrEmpty(name))
            {
                // API server names.SimpleNameGenerator: generateName + 5 random [bcdfghjklmnpqrstvwxz2456789].
                do
                {
                    name = generateName + RandomSuffix(5);
                }
                while (table.ContainsKey(Key(type, ns, name)));
                meta["name"] = name;
            }
            else if (table.ContainsKey(Key(type, ns, name)))
            {
                throw ApiException.AlreadyExists(type, name);
            }

            evt = Commit(type, ns, name, o, "ADDED");
            created = _lastCommitted!;
        }

        Raise(evt);
        return created.Clone();
    }

    /// <summary>
    /// Replaces the object (PUT). 409 Conflict when metadata.resourceVersion is set and stale. For resources
    /// with a status subresource the status is kept (use <see cref="UpdateStatus"/>). metadata.generation
    /// goes up when the spec changes. A write that changes nothing keeps the resourceVersion and raises no event.
    /// </summary>
    public JsonObject Update(string resource, string? ns, JsonObject obj) => Write(resource, ns, obj, statusOnly: false);

    /// <summary>Replaces only the status (PUT .../status); generation unchanged.</summary>
    public JsonObject UpdateStatus(string resource, string? ns, JsonObject obj) => Write(resource, ns, obj, statusOnly: true);

    /// <summary>Deletes the object and (background propagation) its dependents by ownerReferences. False if absent.</summary>
    public bool Delete(string resource, string? ns, string name) => DeleteObject(resource, ns, name) is not null;

    /// <summary>Deletes and returns the deleted object (copy), or null when absent.</summary>
    public JsonObject? DeleteObject(string resource, string? ns, string name, bool orphanDependents = false)
    {
        var type = ResourceTypes.Get(resource);
        var events = new List<WatchEvent>();
        JsonObject? deleted;
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            deleted = DeleteLocked(type, ns, name, orphanDependents, events);
        }

        foreach (var e in events)
        {
            Raise(e);
        }

        return deleted;
    }

    internal static string Key(ResourceType type, string? ns, string name) =>
        type.Namespaced ? (ns ?? "") + "/" + name : name;

    /// <summary>Entries matching, under the lock; also returns the current resourceVersion (for list metadata).</summary>
    internal List<Entry> ListEntries(string resource, string? ns, LabelSelector? labels, FieldSelector? fields, out long rv)
    {
        var type = ResourceTypes.Get(resource);
        var result = new List<Entry>();
        lock (_gate)
        {
            rv = _rv;
            var table = _objects[type.Resource];
            IEnumerable<KeyValuePair<string, Entry>> source = table;
            if (type.Namespaced && ns is not null)
            {
                var prefix = ns + "/";
                source = table.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal));
            }

            foreach (var (_, e) in source)
            {
                if ((labels is null || labels.IsEmpty || labels.MatchesObject(e.Object)) &&
                    (fields is null || fields.IsEmpty || fields.Matches(e.Object)))
                {
                    result.Add(e);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Subscribes to changes after <paramref name="fromRv"/> (replaying history first). Throws 410 Gone when
    /// the history no longer reaches back that far. With fromRv null, replays nothing.
    /// </summary>
    internal WatchSubscription Subscribe(long? fromRv, bool forceGone = false)
    {
        var sub = new WatchSubscription(this);
        lock (_gate)
        {
            if (fromRv is { } from)
            {
                var oldest = _history.Count == 0 ? _rv : _history.Peek().Rv - 1;
                if (forceGone || from < oldest)
                {
                    throw ApiException.Gone(from, oldest + 1);
                }

                foreach (var h in _history)
                {
                    if (h.Rv > from)
                    {
                        sub.Channel.Writer.TryWrite(h);
                    }
                }
            }

            _subscribers.Add(sub);
        }

        return sub;
    }

    /// <summary>Atomically: the current matching entries plus a subscription to every later change.</summary>
    internal (List<Entry> Snapshot, long Rv, WatchSubscription Sub) SnapshotAndSubscribe(string resource, string? ns, LabelSelector? labels, FieldSelector? fields)
    {
        lock (_gate)
        {
            var entries = ListEntries(resource, ns, labels, fields, out var rv);
            return (entries, rv, Subscribe(null));
        }
    }

    internal void Unsubscribe(WatchSubscription sub)
    {
        lock (_gate)
        {
            _subscribers.Remove(sub);
        }

        sub.Channel.Writer.TryComplete();
    }

    /// <summary>Ends every open watch subscription (fault injection: dropped watch streams).</summary>
    internal void DropAllWatches()
    {
        List<WatchSubscription> subs;
        lock (_gate)
        {
            subs = [.. _subscribers];
            _subscribers.Clear();
        }

        foreach (var s in subs)
        {
            s.Channel.Writer.TryComplete();
        }
    }

    private JsonObject Write(string resource, string? ns, JsonObject obj, bool statusOnly)
    {
        var type = ResourceTypes.Get(resource);
        var o = CopyOf(obj);
        var meta = Metadata(o);
        ns = ResolveNamespace(type, ns, meta);
        var name = meta["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            throw ApiException.Invalid(type, "", "metadata.name", "Required value: name is required");
        }

        WatchEvent? evt;
        Entry result;
        lock (_gate)
        {
            if (!_objects[type.Resource].TryGetValue(Key(type, ns, name), out var old))
            {
                throw ApiException.NotFound(type, name);
            }

            var sentRv = meta["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(sentRv) && sentRv != old.Rv.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiException.Conflict(type, name);
            }

            var oldObj = old.Object;
            JsonObject next;
            if (statusOnly)
            {
                next = (JsonObject)oldObj.DeepClone();
                next["status"] = o["status"]?.DeepClone();
            }
            else
            {
                next = o;
                next["kind"] = type.Kind;
                next["apiVersion"] = type.ApiVersion;
                var m = Metadata(next);
                foreach (var keep in (string[])["uid", "creationTimestamp", "generation", "deletionTimestamp"])
                {
                    m.Remove(keep);
                    if (oldObj["metadata"]?[keep] is { } v)
                    {
                        m[keep] = v.DeepClone();
                    }
                }

                if (type.HasStatus)
                {
                    // Registry strategies PrepareForUpdate: the main resource ignores status changes.
                    next["status"] = oldObj["status"]?.DeepClone();
                    if (next["status"] is null)
                    {
                        next.Remove("status");
                    }
                }

                ObjectDefaults.OnUpdate(type, next);
                if (type.HasGeneration && !JsonNode.DeepEquals(oldObj["spec"], next["spec"]))
                {
                    // Registry strategies: generation is incremented on every spec change.
                    var gen = oldObj["metadata"]?["generation"]?.GetValue<long>() ?? 0;
                    m["generation"] = gen + 1;
                }
            }

            Metadata(next)["resourceVersion"] = old.Rv.ToString(CultureInfo.InvariantCulture);
            if (JsonNode.DeepEquals(oldObj, next))
            {
                // API server: a no-op update does not write to etcd (same resourceVersion, no watch event).
                return old.Clone();
            }

            evt = Commit(type, ns, name, next, "MODIFIED");
            result = _lastCommitted!;
        }

        Raise(evt);
        return result.Clone();
    }

    private JsonObject? DeleteLocked(ResourceType type, string? ns, string name, bool orphan, List<WatchEvent> events)
    {
        var table = _objects[type.Resource];
        var key = Key(type, ns, name);
        if (!table.TryGetValue(key, out var e))
        {
            return null;
        }

        table.Remove(key);
        var uid = e.Object["metadata"]?["uid"]?.GetValue<string>();
        if (uid is not null)
        {
            _byUid.Remove(uid);
        }

        var o = (JsonObject)e.Object.DeepClone();
        var rv = ++_rv;
        Metadata(o)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var deletedEvt = Record(type, ns, o, JsonSerializer.SerializeToUtf8Bytes(o), "DELETED", rv);
        if (deletedEvt is not null)
        {
            events.Add(deletedEvt);
        }

        if (type == ResourceTypes.Namespaces)
        {
            // Namespace controller: deleting a namespace deletes everything in it.
            foreach (var t in ResourceTypes.Served.Where(t => t.Namespaced))
            {
                foreach (var child in _objects[t.Resource].Where(kv => kv.Key.StartsWith(name + "/", StringComparison.Ordinal)).Select(kv => kv.Value).ToList())
                {
                    DeleteLocked(t, name, child.Object["metadata"]!["name"]!.GetValue<string>(), false, events);
                }
            }
        }
        else if (!orphan && uid is not null)
        {
            // Garbage collector (background propagation): dependents whose ownerReferences name the uid go too.
            foreach (var t in ResourceTypes.Served.Where(t => t.Namespaced))
            {
                var dependents = _objects[t.Resource].Values
                    .Where(d => d.Object["metadata"]?["ownerReferences"] is JsonArray refs &&
                                refs.Any(r => r?["uid"]?.GetValue<string>() == uid))
                    .ToList();
                foreach (var d in dependents)
                {
                    DeleteLocked(t, d.Object["metadata"]?["namespace"]?.GetValue<string>(), d.Object["metadata"]!["name"]!.GetValue<string>(), false, events);
                }
            }
        }

        return o;
    }

    private WatchEvent? Commit(ResourceType type, string? ns, string name, JsonObject o, string eventType)
    {
        var rv = ++_rv;
        Metadata(o)["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(o);

        // Store the re-parsed form so every value is JSON-backed (GetValue<long> works on any number).
        o = JsonNode.Parse(bytes)!.AsObject();
        var entry = new Entry(o, bytes, rv);
        _lastCommitted = entry;
        _objects[type.Resource][Key(type, ns, name)] = entry;
        if (o["metadata"]?["uid"]?.GetValue<string>() is { } uid)
        {
            _byUid[uid] = entry;
        }

        return Record(type, ns, o, bytes, eventType, rv);
    }

    private WatchEvent? Record(ResourceType type, string? ns, JsonObject o, byte[] bytes, string eventType, long rv)
    {
        var stored = new StoredEvent(eventType, type.Resource, type.Namespaced ? ns : null, o, bytes, rv);
        _history.Enqueue(stored);
        while (_history.Count > _historyLimit)
        {
            _history.Dequeue();
        }

        foreach (var s in _subscribers)
        {
            s.Channel.Writer.TryWrite(stored);
        }

        return Changed is null ? null : new WatchEvent(eventType, type.Resource, stored.Namespace, JsonNode.Parse(bytes)!.AsObject(), rv);
    }

    private void Raise(WatchEvent? evt)
    {
        if (evt is not null && Changed is { } handler)
        {
            handler(evt);
        }
    }

    private static string? ResolveNamespace(ResourceType type, string? ns, JsonObject meta)
    {
        if (!type.Namespaced)
        {
            meta.Remove("namespace");
            return null;
        }

        var inObj = meta["namespace"]?.GetValue<string>();
        if (ns is null)
        {
            ns = string.IsNullOrEmpty(inObj) ? "default" : inObj;
        }
        else if (!string.IsNullOrEmpty(inObj) && inObj != ns)
        {
            // API server (rest.BeforeCreate / BeforeUpdate).
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        meta["namespace"] = ns;
        return ns;
    }

    private static void StripServerFields(JsonObject meta)
    {
        foreach (var f in (string[])["uid", "resourceVersion", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"])
        {
            meta.Remove(f);
        }
    }

    private string Now() => _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonObject Metadata(JsonObject o)
    {
        if (o["metadata"] is JsonObject m)
        {
            return m;
        }

        m = [];
        o["metadata"] = m;
        return m;
    }

    private static JsonObject CopyOf(JsonObject obj) => (JsonObject)obj.DeepClone();

    internal static string RandomSuffix(int n)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        Span<char> c = stackalloc char[n];
        for (var i = 0; i < n; i++)
        {
            c[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        }

        return new string(c);
    }

    /// <summary>A stored object; Object is never mutated after it is stored, Utf8 is its serialized form.</summary>
    internal sealed class Entry(JsonObject obj, byte[] utf8, long rv)
    {
        public JsonObject Object { get; } = obj;

        public long Rv { get; } = rv;

        public byte[] Utf8 { get; } = utf8;

        public JsonObject Clone() => JsonNode.Parse(Utf8)!.AsObject();
    }

    internal sealed record StoredEvent(string Type, string Resource, string? Namespace, JsonObject Object, byte[] Utf8, long Rv);

    internal sealed class WatchSubscription(ResourceStore store) : IDisposable
    {
        public Channel<StoredEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<StoredEvent>(
            new UnboundedChannelOptions { SingleReader = true });

        public void Dispose() => store.Unsubscribe(this);
    }
}
