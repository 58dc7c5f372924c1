using Verwalter.Api.Contracts;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/backups</c> and <c>/v1/backup/{name}</c> (gzip files, range requests).</summary>
internal static class BackupEndpoints
{
    public static IEndpointRouteBuilder MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/backups", (HttpContext context, ScheduleStore store, CancellationToken ct) =>
            JsonOutput.Json(context, store.ListBackups(), VerwalterJsonContext.Default.IReadOnlyListString));
        app.MapGet("/v1/backup/{name}", (HttpContext context, string name, ScheduleStore store, CancellationToken ct) =>
        {
            if (store.BackupPath(name) is not { } path)
            {
                return ScheduleEndpoints.NotFound($"no backup named '{name}'");
            }

            context.Response.Headers.ContentEncoding = "gzip";
            return Results.File(path, "application/json", enableRangeProcessing: true);
        });
        return app;
    }
}
