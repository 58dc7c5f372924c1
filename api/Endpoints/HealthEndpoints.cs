using Verwalter.Api.Contracts;
using Verwalter.Configuration;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>/healthz</c>: the process serves requests. <c>/readyz</c>: the config has been read and a
/// schedule exists (from this run or loaded from storage); 503 with the reasons otherwise.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (HttpContext context, SnapshotPublisher<ConfigSnapshot> config, SnapshotPublisher<ScheduleState> schedule, CancellationToken ct) =>
        {
            var reasons = new List<string>();
            if (config.Current is null)
            {
                reasons.Add("config dir not read yet");
            }

            if (schedule.Current?.Value.Current is null)
            {
                reasons.Add("no schedule yet");
            }

            var body = new ReadinessResponse(reasons.Count == 0, reasons);
            var status = reasons.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return JsonOutput.Json(context, body, VerwalterJsonContext.Default.ReadinessResponse, status);
        });
        return app;
    }
}
