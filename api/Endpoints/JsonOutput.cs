using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// Writes JSON responses, compact by default and indented when the request path carried the
/// <c>.pretty</c> suffix (the suffix middleware strips it and leaves a marker).
/// </summary>
internal static class JsonOutput
{
    public const string PrettyItem = "verwalter.pretty";

    public static bool IsPretty(HttpContext context) => context.Items.ContainsKey(PrettyItem);

    public static IResult Json<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int statusCode = StatusCodes.Status200OK) =>
        Raw(context, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), statusCode);

    /// <summary>Already-serialised JSON, re-indented for <c>.pretty</c>.</summary>
    public static IResult Raw(HttpContext context, byte[] json, int statusCode = StatusCodes.Status200OK) =>
        Results.Text(IsPretty(context) ? Indent(json) : json, "application/json", statusCode);

    public static byte[] Indent(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream(json.Length * 2);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(writer);
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    /// <summary>
    /// Middleware: <c>/v1/x.pretty</c> → <c>/v1/x</c> with the pretty marker; <c>/v1/x.json</c> → <c>/v1/x</c>.
    /// Log files (<c>/v1/log/…</c>) keep their names.
    /// </summary>
    public static async Task StripSuffix(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (path is not null && path.StartsWith("/v1/", StringComparison.Ordinal) && !path.StartsWith(LogEndpoints.RoutePrefix, StringComparison.Ordinal))
        {
            if (path.EndsWith(".pretty", StringComparison.Ordinal))
            {
                context.Items[PrettyItem] = true;
                context.Request.Path = path[..^".pretty".Length];
            }
            else if (path.EndsWith(".json", StringComparison.Ordinal))
            {
                context.Request.Path = path[..^".json".Length];
            }
        }

        await next(context);
    }
}
