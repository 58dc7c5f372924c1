using Verwalter.Api.Contracts;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/status</c>: a read model over the loops' snapshots.</summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/status", (HttpContext context, StatusReader reader, CancellationToken ct) =>
            JsonOutput.Json(context, reader.Read(), VerwalterJsonContext.Default.StatusResponse));
        return app;
    }
}
