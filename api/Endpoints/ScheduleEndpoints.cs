using System.Text;
using Verwalter.Scheduling;
using Verwalter.Reconciliation;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/schedule</c>, <c>/v1/scheduler_input</c>, <c>/v1/scheduler_debug_info</c>.</summary>
internal static class ScheduleEndpoints
{
    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/schedule", (HttpContext context, SnapshotPublisher<ScheduleState> state, CancellationToken ct) =>
            state.Current?.Value.Current is { } schedule
                ? Results.Bytes(schedule.ToJson(JsonOutput.IsPretty(context)), "application/json")
                : NotFound("no schedule yet"));
        app.MapGet("/v1/scheduler_input", (HttpContext context, SnapshotPublisher<ScheduleState> state, CancellationToken ct) =>
            state.Current?.Value.LastRun is { } run
                ? JsonOutput.Raw(context, run.Input)
                : NotFound("the scheduler has not run yet"));
        app.MapGet("/v1/scheduler_debug_info", (SnapshotPublisher<ScheduleState> state, CancellationToken ct) =>
        {
            if (state.Current?.Value.LastRun is not { } run)
            {
                return NotFound("the scheduler has not run yet");
            }

            var text = new StringBuilder(run.Log);
            if (run.Error is not null)
            {
                if (text.Length > 0 && text[^1] != '\n')
                {
                    text.Append('\n');
                }

                text.Append("Error: ").Append(run.Error).Append('\n');
            }

            return Results.Text(text.ToString(), "text/plain; charset=utf-8");
        });
        return app;
    }

    internal static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound);
}
