using Microsoft.AspNetCore.Routing;
using Verwalter.Api.Frontend;

namespace Verwalter.Api.Security;

/// <summary>
/// Runs after routing and before any endpoint code, so a missing or wrong token is a 401 before
/// any 405, 415 or 400. A route needs the token when it is marked <see cref="ApiAccess.Command"/>,
/// when it accepts a method other than GET/HEAD/OPTIONS (so a POST route added without metadata is
/// guarded too), or for every route but the <see cref="ApiAccess.Open"/> ones under
/// <c>--api-token-protects-reads</c>. The frontends' files and page routes (the UI shell) stay
/// open, so a browser loads the UI, which then asks for the token on the first 401 from <c>/v1</c>.
/// </summary>
internal static class ApiTokenMiddleware
{
    public static IApplicationBuilder UseApiToken(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var store = context.RequestServices.GetRequiredService<ApiTokenStore>();
            if (!store.Enabled || !NeedsToken(context.GetEndpoint(), store.ProtectsReads) || FrontendShellMetadata.IsPageRequest(context))
            {
                await next(context);
                return;
            }

            var check = store.CheckHeader(context.Request.Headers.Authorization);
            if (check == ApiTokenCheck.Accepted)
            {
                await next(context);
                return;
            }

            context.RequestServices.GetRequiredService<ApiTokenMetrics>().Rejected(check);
            await Unauthorized(context, check).ExecuteAsync(context);
        });

    /// <summary>Whether <paramref name="endpoint"/> (null: no route matched) needs the token.</summary>
    public static bool NeedsToken(Endpoint? endpoint, bool protectsReads)
    {
        var access = Classify(endpoint);
        return access switch
        {
            ApiAccess.Command => true,
            ApiAccess.Read => protectsReads,
            _ => false,
        };
    }

    public static ApiAccess Classify(Endpoint? endpoint)
    {
        if (endpoint?.Metadata.GetMetadata<ApiAccessMetadata>() is { } declared)
        {
            return declared.Access;
        }

        var methods = endpoint?.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        if (endpoint is not null && (methods is null || methods.Count == 0 || methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m) && !HttpMethods.IsOptions(m))))
        {
            // A route for any method (a fallback) or for an unsafe one changes state as far as we know.
            return endpoint.DisplayName?.StartsWith("Fallback", StringComparison.Ordinal) == true ? ApiAccess.Read : ApiAccess.Command;
        }

        return ApiAccess.Read;
    }

    /// <summary>The 401 problem document with <c>WWW-Authenticate: Bearer</c>; it names what was wrong, never the token.</summary>
    public static IResult Unauthorized(HttpContext context, ApiTokenCheck check)
    {
        context.Response.Headers.WWWAuthenticate = check == ApiTokenCheck.Wrong
            ? "Bearer realm=\"verwalter\", error=\"invalid_token\""
            : "Bearer realm=\"verwalter\"";
        return Results.Problem(
            title: "Unauthorized",
            detail: check == ApiTokenCheck.Wrong
                ? "the bearer token is not the API token of this node"
                : "this route needs the API token: send 'Authorization: Bearer <token>'",
            statusCode: StatusCodes.Status401Unauthorized);
    }
}
