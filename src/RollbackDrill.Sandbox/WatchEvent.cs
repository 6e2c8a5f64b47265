using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox;

/// <summary>One store change: Type is ADDED, MODIFIED or DELETED; Object is (a copy of) the object after the change.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the watch event's wire field names type/object.")]
public sealed record WatchEvent(string Type, string Resource, string? Namespace, JsonObject Object, long ResourceVersion);
