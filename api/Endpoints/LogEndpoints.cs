using System.Globalization;
using Microsoft.Net.Http.Headers;
using Verwalter.Rendering.Logs;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>/v1/log/{index,global,changes,role}/…</c> and <c>/v1/log/external/{name}/…</c>: log files
/// with range requests, <c>Last-Modified</c>/<c>ETag</c> and conditional requests, never
/// compressed. Paths are checked by <see cref="LogFileResolver"/>: a part that is not a plain
/// name or a missing file → 404; an unknown external name or a symlink leaving its folder → 403.
/// </summary>
internal static class LogEndpoints
{
    /// <summary>Every log route starts with this; path rewrites (e.g. the <c>.json</c> suffix) must leave it alone.</summary>
    public const string RoutePrefix = "/v1/log/";

    /// <summary>The deployment logs are written by verwalter and are UTF-8 text.</summary>
    public const string TextContentType = "text/plain; charset=utf-8";

    /// <summary>External logs are whatever the services wrote; no type is guessed.</summary>
    public const string ExternalContentType = "application/octet-stream";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Maps the log routes. Needs a <see cref="LogDirectories"/> service (resolved per request).</summary>
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/log");
        group.MapMethods("/index/{**path}", Methods, (HttpContext context, string? path, LogDirectories dirs, CancellationToken ct) =>
            Serve(context, dirs, LogFileArea.Index, null, path));
        group.MapMethods("/global/{**path}", Methods, (HttpContext context, string? path, LogDirectories dirs, CancellationToken ct) =>
            Serve(context, dirs, LogFileArea.Global, null, path));
        group.MapMethods("/changes/{**path}", Methods, (HttpContext context, string? path, LogDirectories dirs, CancellationToken ct) =>
            Serve(context, dirs, LogFileArea.Changes, null, path));
        group.MapMethods("/role/{**path}", Methods, (HttpContext context, string? path, LogDirectories dirs, CancellationToken ct) =>
            Serve(context, dirs, LogFileArea.Role, null, path));
        group.MapMethods("/external/{name}/{**path}", Methods, (HttpContext context, string name, string? path, LogDirectories dirs, CancellationToken ct) =>
            Serve(context, dirs, LogFileArea.External, name, path));
        return app;
    }

    private static IResult Serve(HttpContext context, LogDirectories dirs, LogFileArea area, string? externalName, string? path)
    {
        var resolution = LogFileResolver.Resolve(dirs, area, externalName, path);
        if (resolution.Status != LogFileStatus.Found || resolution.FullPath is not { } fullPath)
        {
            var status = resolution.Status == LogFileStatus.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status404NotFound;
            return Results.Problem(detail: resolution.Reason, statusCode: status);
        }

        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            return Results.Problem(detail: "no such log file", statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        var lastModified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
        return Results.File(
            fullPath,
            area == LogFileArea.External ? ExternalContentType : TextContentType,
            fileDownloadName: null,
            lastModified: lastModified,
            entityTag: EntityTag(file.Length, lastModified),
            enableRangeProcessing: true);
    }

    /// <summary>Size and modification time: an append-only log changes both on every write.</summary>
    private static EntityTagHeaderValue EntityTag(long length, DateTimeOffset lastModified) =>
        new(string.Create(CultureInfo.InvariantCulture, $"\"{length:x}-{lastModified.UtcTicks:x}\""));
}
