namespace Verwalter.Api.Frontend;

/// <summary>
/// Marks the page-route fallback: a GET or HEAD of a path outside <c>/v1</c> answers the UI's
/// <c>index.html</c>, which the API token middleware lets through like the other frontend files.
/// </summary>
internal sealed class FrontendShellMetadata
{
    public static readonly FrontendShellMetadata Instance = new();

    private FrontendShellMetadata()
    {
    }

    /// <summary>Whether <paramref name="context"/> asks the fallback for a page (GET/HEAD outside <c>/v1</c>).</summary>
    public static bool IsPageRequest(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<FrontendShellMetadata>() is not null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/v1", StringComparison.Ordinal);
}
