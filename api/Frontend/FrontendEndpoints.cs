using Microsoft.Net.Http.Headers;
using Verwalter.Api.Security;

namespace Verwalter.Api.Frontend;

/// <summary>
/// The original's frontend routes (docs/ui.md): <c>/</c> and every page route answer the default
/// frontend's <c>index.html</c>; <c>/common/…</c> is the embedded UI (or
/// <c>&lt;config&gt;/frontend/common</c>); <c>/~NAME/…</c> a frontend from the config tree;
/// <c>/v1/wasm/{scheduler,query}.wasm</c> from <c>&lt;config&gt;/scheduler/v1/</c>. A path that
/// could leave its folder is 404.
/// </summary>
internal static class FrontendEndpoints
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly string[] AssetFolders = ["js", "css", "fonts", "img"];

    private static readonly string[] WasmFiles = ["scheduler.wasm", "query.wasm"];

    /// <summary>API routes outside <c>/v1</c> that take other methods only: a GET there is 405, not a page.</summary>
    private static readonly string[] NonPageRoutes = ["/add_host"];

    /// <summary>
    /// The frontends' files are the page shell, not node data: open even under
    /// <c>--api-token-protects-reads</c>, so a browser can load the UI that then asks for the token.
    /// </summary>
    private static readonly ApiAccessMetadata Shell = new(ApiAccess.Open);

    public static IEndpointRouteBuilder MapFrontendEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/", Methods, (HttpContext context, FrontendSettings settings, EmbeddedUi ui) =>
            Serve(context, DefaultIndex(settings, ui))).ExcludeFromDescription().WithMetadata(Shell);
        app.MapMethods("/common/{**path}", Methods, (HttpContext context, string? path, FrontendSettings settings, EmbeddedUi ui) =>
            Serve(context, Common(settings, ui, string.IsNullOrEmpty(path) ? FrontendContent.IndexFile : path))).ExcludeFromDescription().WithMetadata(Shell);
        app.MapMethods("/~{name}", Methods, (HttpContext context, string name, FrontendSettings settings) =>
            Serve(context, Named(settings, name, null))).ExcludeFromDescription().WithMetadata(Shell);
        app.MapMethods("/~{name}/{**path}", Methods, (HttpContext context, string name, string? path, FrontendSettings settings) =>
            Serve(context, Named(settings, name, path))).ExcludeFromDescription().WithMetadata(Shell);
        app.MapMethods("/v1/wasm/{file}", Methods, (HttpContext context, string file, FrontendSettings settings) =>
            Serve(context, WasmFiles.Contains(file, StringComparer.Ordinal) ? FrontendFolder.Find(settings.WasmDir, file) : null));

        // Page routes (/peers, /roles/web, ...): every path without a file extension outside /v1.
        app.MapFallback((HttpContext context, FrontendSettings settings, EmbeddedUi ui) =>
        {
            if (NonPageRoutes.Contains(context.Request.Path.Value ?? "", StringComparer.Ordinal))
            {
                return Results.Problem(detail: $"{context.Request.Path} does not answer {context.Request.Method}", statusCode: StatusCodes.Status405MethodNotAllowed);
            }

            return HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? Serve(context, DefaultIndex(settings, ui))
                : Results.Problem(detail: "page routes answer GET and HEAD only", statusCode: StatusCodes.Status405MethodNotAllowed);
        }).WithMetadata(FrontendShellMetadata.Instance);
        return app;
    }

    /// <summary>The default frontend's index.html (<c>--default-frontend</c>).</summary>
    internal static FrontendFile? DefaultIndex(FrontendSettings settings, EmbeddedUi ui) =>
        settings.DefaultFrontend == FrontendSettings.Common
            ? Common(settings, ui, FrontendContent.IndexFile)
            : Named(settings, settings.DefaultFrontend, null);

    /// <summary>A file of the common frontend: the config tree's folder when there is one, else the embedded UI.</summary>
    internal static FrontendFile? Common(FrontendSettings settings, EmbeddedUi ui, string path)
    {
        var folder = Path.Join(settings.FrontendDir, FrontendSettings.Common);
        if (Directory.Exists(folder))
        {
            return FrontendFolder.Find(folder, path);
        }

        return path.Split('/').All(FrontendFolder.IsValidName) ? ui.Find(path) : null;
    }

    /// <summary><c>/~NAME/{js,css,fonts,img}/…</c> are its assets; any other path is its index.html.</summary>
    internal static FrontendFile? Named(FrontendSettings settings, string name, string? path)
    {
        if (!FrontendFolder.IsValidName(name))
        {
            return null;
        }

        var folder = Path.Join(settings.FrontendDir, name);
        var parts = (path ?? "").Split('/', 2);
        return parts.Length == 2 && AssetFolders.Contains(parts[0], StringComparer.Ordinal)
            ? FrontendFolder.Find(folder, path!)
            : FrontendFolder.Find(folder, FrontendContent.IndexFile);
    }

    private static IResult Serve(HttpContext context, FrontendFile? file)
    {
        if (file is null || !RawPath.IsSafe(context))
        {
            return Results.Problem(detail: "no such file", statusCode: StatusCodes.Status404NotFound);
        }

        var headers = context.Response.Headers;
        headers.CacheControl = file.Immutable ? FrontendContent.ImmutableCache : FrontendContent.RevalidateCache;
        headers.XContentTypeOptions = "nosniff";
        var type = FrontendContent.ContentType(file.Name);
        var tag = new EntityTagHeaderValue(file.ETag);
        return file.Content is { } bytes
            ? Results.Bytes(bytes, type, lastModified: file.LastModified, entityTag: tag)
            : Results.File(file.FullPath!, type, lastModified: file.LastModified, entityTag: tag);
    }
}
