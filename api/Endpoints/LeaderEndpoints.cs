using System.Net;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// <c>/v1/leader-redirect-by-node-name/{**rest}</c>: 308 to the leader by its node name, checked at
/// once and then once a second for up to 65 s; 404 when no leader showed up (spec §6). Unlike the
/// original, the leader's real port is used and the rest of the path is kept.
/// </summary>
internal static class LeaderEndpoints
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(65);

    public static IEndpointRouteBuilder MapLeaderEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/leader-redirect-by-node-name/{**rest}", RedirectAsync);
        app.MapGet("/v1/leader-redirect-by-node-name", RedirectAsync);
        return app;
    }

    private static async Task<IResult> RedirectAsync(
        HttpContext context,
        SnapshotPublisher<LeadershipState> leadership,
        SnapshotPublisher<PeerSet> peers,
        NodeIdentity node,
        TimeProvider time,
        CancellationToken ct,
        string? rest = null)
    {
        var until = time.GetUtcNow() + WaitLimit;
        while (true)
        {
            if (Target(leadership.Current?.Value, peers.Current?.Value, node, context) is { } target)
            {
                context.Response.Headers.CacheControl = "no-cache";
                return Results.Redirect($"{target}/{rest}", permanent: true, preserveMethod: true);
            }

            if (time.GetUtcNow() >= until)
            {
                return Results.Text("No leader found in 65 seconds", "text/plain", statusCode: StatusCodes.Status404NotFound);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
        }
    }

    private static string? Target(LeadershipState? state, PeerSet? peers, NodeIdentity node, HttpContext context)
    {
        if (state?.LeaderId is not { } leader)
        {
            return null;
        }

        if (state.IsLeader)
        {
            return $"http://{node.Name}:{context.Connection.LocalPort}";
        }

        if (state.LeaderAddress is not { } address || !IPEndPoint.TryParse(address, out var endpoint))
        {
            return null;
        }

        var name = peers?.Members.FirstOrDefault(m => m.Id == leader)?.Name;
        return string.IsNullOrEmpty(name) ? $"http://{address}" : $"http://{name}:{endpoint.Port}";
    }
}
