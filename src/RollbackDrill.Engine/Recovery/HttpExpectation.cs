using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RollbackDrill.Engine.Http;

namespace RollbackDrill.Engine.Recovery;

/// <summary>Whether an HTTP answer passes a probe: status in the expected set (default 2xx, as curl -f), then body rules.</summary>
public static class HttpExpectation
{
    private static readonly ProbeStatusRange Success = new(200, 299);

    public static CheckOutcome Evaluate(RecoveryProbe probe, HttpProbeResponse response)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(response);
        var status = "HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture);
        var expected = probe.ExpectedStatus.Count > 0 ? probe.ExpectedStatus : [Success];
        if (!expected.Any(r => r.Contains(response.StatusCode)))
        {
            return CheckOutcome.Fail(status, $"status {response.StatusCode}, expected {string.Join(", ", expected)}");
        }

        if (probe.BodyContains is { } text && !response.Body.Contains(text, StringComparison.Ordinal))
        {
            return CheckOutcome.Fail(status, $"body does not contain '{text}'");
        }

        if (probe.BodyMatch is { } pattern && !Regex.IsMatch(response.Body, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            return CheckOutcome.Fail(status, $"body does not match /{pattern}/");
        }

        if (probe.JsonPath is { } path)
        {
            string? value;
            try
            {
                value = JsonPathValue.Read(response.Body, path);
            }
            catch (JsonException)
            {
                return CheckOutcome.Fail(status, $"body is not JSON, so {path} cannot be read");
            }

            if (value is null)
            {
                return CheckOutcome.Fail(status, $"{path} is not in the body");
            }

            if (probe.JsonValue is { } want && !string.Equals(value, want, StringComparison.Ordinal))
            {
                return CheckOutcome.Fail(status, $"{path} is '{value}', expected '{want}'");
            }

            status += $", {path}={value}";
        }

        return CheckOutcome.Pass(status);
    }
}
