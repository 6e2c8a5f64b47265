namespace RollbackDrill.Engine.Http;

/// <summary>Joins an API base URL (which may carry a path prefix, e.g. https://host/prometheus) and a relative path.</summary>
internal static class ApiUrl
{
    public static Uri Join(Uri baseUrl, string relative)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path);
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), relative);
    }
}
