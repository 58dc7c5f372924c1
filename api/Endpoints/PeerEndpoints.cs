using System.Net;
using System.Text;
using System.Text.Json;
using Verwalter.Api.Security;
using Verwalter.Peers;
using Verwalter.Reconciliation;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// The peer list in cantal's shape (<c>/all_peers.json</c>, so cantal consumers keep working) and
/// verwalter's (<c>/v1/peers</c>), and cantal's <c>POST /add_host.json</c> seed command.
/// </summary>
internal static class PeerEndpoints
{
    public static IEndpointRouteBuilder MapPeerEndpoints(this IEndpointRouteBuilder app)
    {
        foreach (var path in new[] { "/all_peers", "/all_peers.json", "/all_peers.pretty" })
        {
            var pretty = path.EndsWith(".pretty", StringComparison.Ordinal);
            app.MapGet(path, (SnapshotPublisher<PeerSet> peers, CancellationToken ct) =>
            {
                var json = Encoding.UTF8.GetBytes(PeerJson.ToCantalJson(Current(peers)));
                return Results.Bytes(pretty ? JsonOutput.Indent(json) : json, "application/json");
            });
        }

        app.MapGet("/v1/peers", (HttpContext context, SnapshotPublisher<PeerSet> peers, CancellationToken ct) =>
            JsonOutput.Raw(context, Encoding.UTF8.GetBytes(PeerJson.ToVerwalterJson(Current(peers)))));

        foreach (var path in new[] { "/add_host", "/add_host.json" })
        {
            app.MapCommand(path, AddHostAsync);
        }

        return app;
    }

    private static async Task<IResult> AddHostAsync(HttpContext context, IPeerSource source, CancellationToken ct)
    {
        string? addr;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return BadRequest("the body must be a JSON object {\"addr\": \"ip:port\"}");
            }

            if (!body.RootElement.TryGetProperty("addr", out var field))
            {
                return BadRequest("field 'addr' is missing; expected {\"addr\": \"ip:port\"}");
            }

            addr = field.ValueKind == JsonValueKind.String ? field.GetString() : null;
        }
        catch (JsonException ex)
        {
            return BadRequest($"the body is not JSON ({ex.Message}); expected {{\"addr\": \"ip:port\"}}");
        }

        if (addr is null || !IPEndPoint.TryParse(addr, out var endpoint) || endpoint.Port == 0 || !addr.Contains(':', StringComparison.Ordinal))
        {
            return BadRequest($"field 'addr' must be a string \"ip:port\", got {(addr is null ? "a non-string" : $"'{addr}'")}");
        }

        return await source.AddHostAsync(endpoint, ct) is { } refused
            ? Results.Problem(detail: refused, statusCode: StatusCodes.Status409Conflict)
            : JsonOutput.Json(context, new AddHostReply(true), PeerJsonContext.Default.AddHostReply);
    }

    private static PeerSet Current(SnapshotPublisher<PeerSet> peers) => peers.Current?.Value ?? PeerSet.Empty("");

    private static IResult BadRequest(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
