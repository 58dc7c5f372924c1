using System.Net.Http.Headers;

namespace Verwalter.Api.Security;

/// <summary>
/// State-changing routes (docs/api.md#method-rules): POST only, with an <c>application/json</c>
/// body, and the API token when one is configured. <see cref="MapCommand"/> is the one call a new
/// command route needs.
/// </summary>
internal static class CommandEndpoints
{
    /// <summary>The methods answered with 405 on a command route.</summary>
    public static readonly string[] RefusedMethods = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete, HttpMethods.Options];

    /// <summary>
    /// Maps <paramref name="handler"/> for POST on <paramref name="pattern"/> behind the JSON
    /// content-type check, and every other method to a 405 with <c>Allow: POST</c>. Both carry
    /// <see cref="ApiAccess.Command"/>, so the token is checked before either answers.
    /// </summary>
    public static RouteHandlerBuilder MapCommand(this IEndpointRouteBuilder app, string pattern, Delegate handler)
    {
        app.MapMethods(pattern, RefusedMethods, MethodNotAllowed)
            .WithMetadata(new ApiAccessMetadata(ApiAccess.Command))
            .ExcludeFromDescription();
        return app.MapPost(pattern, handler)
            .WithMetadata(new ApiAccessMetadata(ApiAccess.Command))
            .RequireJsonBody()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>415 unless the request's media type is <c>application/json</c> (parameters such as charset allowed); a request without a body has none.</summary>
    public static TBuilder RequireJsonBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            IsJson(context.HttpContext.Request.ContentType)
                ? await next(context)
                : Results.Problem(
                    title: "Unsupported Media Type",
                    detail: "the body must be JSON with 'Content-Type: application/json'"
                        + (context.HttpContext.Request.ContentType is { } type ? $", got '{type}'" : ", got no Content-Type"),
                    statusCode: StatusCodes.Status415UnsupportedMediaType));

    public static bool IsJson(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    private static IResult MethodNotAllowed(HttpContext context)
    {
        context.Response.Headers.Allow = HttpMethods.Post;
        return Results.Problem(
            title: "Method Not Allowed",
            detail: $"{context.Request.Method} {context.Request.Path} changes state and accepts POST only (with a JSON body)",
            statusCode: StatusCodes.Status405MethodNotAllowed);
    }
}
