using System.Text.Json.Nodes;
using Verwalter.Api.Security;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Scheduling;

namespace Verwalter.Api.Endpoints;

/// <summary><c>/v1/roles_data</c> (what this node renders) and <c>POST /v1/force_render_all</c> (a command: docs/api.md#method-rules).</summary>
internal static class RenderEndpoints
{
    public static IEndpointRouteBuilder MapRenderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/roles_data", (HttpContext context, SnapshotPublisher<ScheduleState> schedules, NodeIdentity node, CancellationToken ct) =>
        {
            if (schedules.Current?.Value.Current is not { } schedule)
            {
                return Results.Problem(detail: "no schedule yet", statusCode: StatusCodes.Status500InternalServerError);
            }

            var plan = RoleVariables.Compute(JsonNode.Parse(schedule.Data) as JsonObject ?? [], node.Hostname);
            var toRender = new JsonObject();
            foreach (var (role, vars) in plan.ToRender)
            {
                toRender[role] = vars.DeepClone();
            }

            var body = new JsonObject
            {
                ["to_render"] = toRender,
                ["all_roles"] = new JsonArray([.. plan.AllRoles.Select(r => (JsonNode?)r)]),
            };
            return JsonOutput.Raw(context, System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        });
        app.MapCommand("/v1/force_render_all", (HttpContext context, RenderController render, CancellationToken ct) =>
        {
            render.ForceRenderAll();
            return JsonOutput.Raw(context, "\"ok\""u8.ToArray(), StatusCodes.Status202Accepted);
        });
        return app;
    }
}
