using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verwalter.Peers;

/// <summary>
/// Turns the two external peer lists into <see cref="PeerMember"/>s (pure): cantal's
/// <c>/all_peers.json</c> and the static peers file. Entries with a malformed id or address are skipped.
/// </summary>
internal static class ExternalPeerParser
{
    /// <summary>A cantal peer is alive while its last direct report is this recent (cantal's prefail time).</summary>
    public static readonly TimeSpan CantalAliveFor = TimeSpan.FromSeconds(20);

    /// <summary>…suspect until its report is this old (cantal's stale time), then dead.</summary>
    public static readonly TimeSpan CantalSuspectFor = TimeSpan.FromSeconds(600);

    /// <summary>
    /// cantal's <c>{"peers":[{id, known_since, primary_addr, hostname, name, last_report_direct, …}]}</c>.
    /// The address is the IP of <c>primary_addr</c> with this daemon's port (as verwalter did).
    /// </summary>
    /// <exception cref="JsonException">Not JSON, or no <c>peers</c> array.</exception>
    public static ImmutableArray<PeerMember> FromCantal(ReadOnlySpan<byte> json, string selfId, int daemonPort, DateTimeOffset now)
    {
        var root = JsonNode.Parse(json) as JsonObject;
        if (root?["peers"] is not JsonArray peers)
        {
            throw new JsonException("expected an object with a \"peers\" array");
        }

        var members = ImmutableArray.CreateBuilder<PeerMember>();
        foreach (var peer in peers.OfType<JsonObject>())
        {
            var id = NormaliseId(Text(peer["id"]));
            if (id is null || id == selfId)
            {
                continue;
            }

            var address = "";
            if (Text(peer["primary_addr"]) is { } primary && IPEndPoint.TryParse(primary, out var endpoint))
            {
                address = new IPEndPoint(endpoint.Address, daemonPort).ToString();
            }

            var knownSince = Millis(peer["known_since"]) ?? now;
            var lastReport = Millis(peer["last_report_direct"]);
            var age = lastReport is { } r ? now - r : TimeSpan.MaxValue;
            var state = age <= CantalAliveFor ? MemberState.Alive : age <= CantalSuspectFor ? MemberState.Suspect : MemberState.Dead;
            var hostname = Text(peer["hostname"]) ?? "";
            members.Add(new PeerMember(id, address, hostname, Text(peer["name"]) ?? hostname, state, 0, knownSince, knownSince,
                lastReport, null, null, null, 0, 0, 0));
        }

        return [.. members.OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The peers file: a JSON or YAML list of <c>{id, addr, hostname?, name?}</c>; every listed node
    /// but this one is alive. <paramref name="knownSince"/> keeps first-seen times across reloads.
    /// </summary>
    /// <exception cref="FormatException">The file is not such a list; the message names the entry and field.</exception>
    public static ImmutableArray<PeerMember> FromFile(JsonNode? document, string selfId, IReadOnlyDictionary<string, DateTimeOffset> knownSince, DateTimeOffset now)
    {
        if (document is not JsonArray list)
        {
            throw new FormatException("expected a list of peers ({id, addr, hostname, name})");
        }

        var members = new Dictionary<string, PeerMember>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject entry)
            {
                throw new FormatException($"entry {i}: expected an object with id and addr");
            }

            var id = NormaliseId(Text(entry["id"])) ?? throw new FormatException($"entry {i}: field 'id' must be a string of 32 hex digits (quote it in YAML)");
            var addr = Text(entry["addr"]);
            if (addr is null || !IPEndPoint.TryParse(addr, out var endpoint) || endpoint.Port == 0)
            {
                throw new FormatException($"entry {i}: field 'addr' must be ip:port");
            }

            if (id == selfId)
            {
                continue;
            }

            var hostname = Text(entry["hostname"]) ?? endpoint.Address.ToString();
            var since = knownSince.TryGetValue(id, out var known) ? known : now;
            members[id] = new PeerMember(id, endpoint.ToString(), hostname, Text(entry["name"]) ?? hostname, MemberState.Alive, 0,
                since, since, null, null, null, null, 0, 0, 0);
        }

        return [.. members.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    private static string? NormaliseId(string? id) =>
        id is { Length: 32 } && id.All(char.IsAsciiHexDigit) ? id.ToLowerInvariant() : null;

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static DateTimeOffset? Millis(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<long>(out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
