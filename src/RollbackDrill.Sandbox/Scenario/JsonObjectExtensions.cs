using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox.Scenario;

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject obj, Action<JsonObject> change)
    {
        change(obj);
        return obj;
    }
}
