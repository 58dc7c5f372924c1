using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Verwalter.Scheduling;

namespace Verwalter.Rendering.Query;

/// <summary>
/// The serde <c>Result</c> encoding every <c>query.wasm</c> export answers with:
/// <c>{"Ok": value}</c> or <c>{"Err": {"kind": ..., "message": ..., "causes"?, "backtrace"?}}</c>.
/// Anything else is an error of its own.
/// </summary>
internal static class QueryResultDecoder
{
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.InvalidResult"/>: neither form.</exception>
    public static QueryAnswer Decode(string file, string entry, byte[] value)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(value) as JsonObject;
        }
        catch (JsonException ex)
        {
            throw Invalid(file, entry, ex.Message);
        }

        if (root is { Count: 1 } && root.TryGetPropertyValue("Ok", out var ok))
        {
            return new QueryAnswer(true, Encoding.UTF8.GetBytes(ok?.ToJsonString() ?? "null"));
        }

        if (root is { Count: 1 } && root.TryGetPropertyValue("Err", out var err) && err is JsonObject error
            && error["kind"] is JsonValue && error["message"] is JsonValue)
        {
            return new QueryAnswer(false, Encoding.UTF8.GetBytes(error.ToJsonString()));
        }

        throw Invalid(file, entry, "unknown error: the result is neither {\"Ok\": value} nor {\"Err\": {\"kind\", \"message\"}}");
    }

    /// <summary>The Err object as one line: <c>Kind: message</c>.</summary>
    public static string Describe(QueryAnswer answer)
    {
        var error = JsonNode.Parse(answer.Json) as JsonObject;
        return $"{error?["kind"]}: {error?["message"]}";
    }

    private static SchedulerException Invalid(string file, string entry, string message) =>
        new(SchedulerErrorKind.InvalidResult, $"{file}: {entry}: {message}");
}
