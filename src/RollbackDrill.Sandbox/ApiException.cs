using System.Text.Json.Nodes;

namespace RollbackDrill.Sandbox;

/// <summary>An API error; the HTTP layer turns it into a Kubernetes <c>Status</c> body with the same code/reason.</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    /// <summary>HTTP status code (404, 409, 410, 422, ...).</summary>
    public int Code { get; }

    /// <summary>Kubernetes StatusReason (NotFound, AlreadyExists, Conflict, Invalid, Expired/Gone, ...).</summary>
    public string Reason { get; }

    /// <summary>Status.details (name, group, kind, causes), or null.</summary>
    public JsonObject? Details { get; }

    /// <summary>Seconds for a Retry-After header (429/503 faults), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    // API server (apimachinery errors.NewNotFound): `<resource>.<group> "<name>" not found`.
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", DetailsFor(type, name));

    // apimachinery errors.NewAlreadyExists.
    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", DetailsFor(type, name));

    // apimachinery errors.NewConflict with the registry's optimistic-concurrency message.
    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            DetailsFor(type, name));

    // apimachinery errors.NewInvalid: `<Kind> "<name>" is invalid: <field>: <detail>`.
    public static ApiException Invalid(ResourceType type, string name, string field, string detail)
    {
        var details = DetailsFor(type, name);
        details["kind"] = type.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = detail, ["field"] = field });
        return new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {field}: {detail}", details);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    // watch cache: "too old resource version: <requested> (<oldest>)" with reason Expired, code 410.
    public static ApiException Gone(long requested, long oldest) =>
        new(410, "Expired", $"too old resource version: {requested} ({oldest})");

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    private static JsonObject DetailsFor(ResourceType type, string name)
    {
        var d = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            d["group"] = type.Group;
        }

        d["kind"] = type.Resource;
        return d;
    }
}
