using System.Globalization;
using System.Text.Json.Nodes;
using Verwalter.Reconciliation;
using Verwalter.Scheduling.Shadow;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/shadow</c> and <c>/v1/shadow/{name}/schedule</c>: the shadow schedulers' last results on the leader (docs/shadow.md).</summary>
internal static class ShadowEndpoints
{
    public static IEndpointRouteBuilder MapShadowEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/shadow", (HttpContext context, SnapshotPublisher<ShadowState> state, CancellationToken ct) =>
        {
            var list = new JsonObject();
            foreach (var (name, result) in (state.Current?.Value ?? ShadowState.Empty).Shadows)
            {
                list[name] = new JsonObject
                {
                    ["engine"] = result.Engine,
                    ["ok"] = result.Error is null,
                    ["error"] = result.Error,
                    ["hash"] = result.Schedule?.Hash,
                    ["main_hash"] = result.MainHash,
                    ["differences"] = result.Diff.Count,
                    ["at"] = result.At.ToString("O", CultureInfo.InvariantCulture),
                    ["duration_ms"] = Math.Round(result.Duration.TotalMilliseconds, 3),
                };
            }

            return Json(context, new JsonObject { ["shadows"] = list });
        });
        app.MapGet("/v1/shadow/{name}/schedule", (HttpContext context, string name, SnapshotPublisher<ShadowState> state, CancellationToken ct) =>
        {
            if (state.Current?.Value.Shadows.GetValueOrDefault(name) is not { } result)
            {
                return ScheduleEndpoints.NotFound($"no shadow scheduler {name} has run on this node (shadows run on the leader)");
            }

            if (result.Schedule is not { } schedule)
            {
                return Results.Problem(detail: result.Error, statusCode: StatusCodes.Status500InternalServerError, title: $"shadow scheduler {name} failed");
            }

            var envelope = JsonNode.Parse(schedule.ToJson())!.AsObject();
            envelope["diff"] = new JsonArray([.. result.Diff.Select(d => (JsonNode?)JsonValue.Create(d))]);
            envelope["main_hash"] = result.MainHash;
            envelope["log"] = result.Log;
            return Json(context, envelope);
        });
        return app;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Pretty = new() { WriteIndented = true };

    private static IResult Json(HttpContext context, JsonNode node) =>
        Results.Text(JsonOutput.IsPretty(context) ? node.ToJsonString(Pretty) : node.ToJsonString(), "application/json");
}
