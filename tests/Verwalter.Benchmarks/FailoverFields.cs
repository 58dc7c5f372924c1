using System.Text.Json.Nodes;

namespace Verwalter.Benchmarks;

/// <summary>
/// Where the failover benchmark reads leadership and schedules in verwalter's HTTP API (spec §6).
/// Kept in one place so the benchmark follows the API if a field moves.
/// </summary>
internal static class FailoverFields
{
    public const string StatusPath = "v1/status";
    public const string SchedulePath = "v1/schedule";
    public const string PeersPath = "v1/peers";

    /// <summary>The node's own id: <c>/v1/status</c> <c>id</c>.</summary>
    public static string? NodeId(JsonNode status) => status["id"]?.GetValue<string>();

    /// <summary>The leader this node follows (itself on the leader): <c>/v1/status</c> <c>leader.id</c>; null while electing.</summary>
    public static string? LeaderId(JsonNode status) => status["leader"]?["id"]?.GetValue<string>();

    /// <summary>The node's election epoch: <c>/v1/status</c> <c>election_state.epoch</c> (also <c>/v1/election</c> <c>epoch</c>), when present.</summary>
    public static long? Epoch(JsonNode status) => status["election_state"]?["epoch"]?.GetValue<long>();

    /// <summary>Who made a schedule: the envelope's <c>origin</c> in <c>/v1/schedule</c>.</summary>
    public static string? ScheduleOrigin(JsonNode schedule) => schedule["origin"]?.GetValue<string>();

    public static string? ScheduleHash(JsonNode schedule) => schedule["hash"]?.GetValue<string>();

    /// <summary>The benchmark scheduler's own field: hostnames of the peers it saw alive (<c>data.alive</c>).</summary>
    public static IReadOnlyList<string> AlivePeers(JsonNode schedule) =>
        schedule["data"]?["alive"] is JsonArray list ? [.. list.Select(n => n?.GetValue<string>() ?? "")] : [];

    /// <summary>How a node judges one peer: <c>/v1/peers</c> <c>peers[].state</c> of the entry with that <c>id</c>.</summary>
    public static string? PeerState(JsonNode peers, string id) =>
        (peers as JsonArray ?? (peers as JsonObject)?["peers"] as JsonArray)?.FirstOrDefault(p => p?["id"]?.GetValue<string>() == id)?["state"]?.GetValue<string>();
}
