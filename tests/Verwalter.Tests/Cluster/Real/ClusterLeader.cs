using System.Text.Json.Nodes;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Leadership as the nodes report it in <c>/v1/status</c> (spec §6: <c>leader</c> is null while
/// electing, else <c>{id, name, hostname, addr, schedule}</c>, naming the node itself on the leader).
/// </summary>
public static class ClusterLeader
{
    public static string? LeaderId(JsonNode status) => status["leader"]?["id"]?.GetValue<string>();

    public static long? Epoch(JsonNode status) => status["election_state"]?["epoch"]?.GetValue<long>();

    /// <summary>
    /// Waits until every node in <paramref name="nodes"/> (0-based) names the same leader, other
    /// than <paramref name="not"/> (e.g. a leader just killed); returns its id.
    /// </summary>
    public static async Task<string> WaitForAgreedLeaderAsync(this DaemonCluster cluster, IReadOnlyList<int> nodes, TimeSpan timeout, string? not = null)
    {
        string? agreed = null;
        await cluster.WaitUntilAsync(async ct =>
        {
            var leaders = new List<string?>();
            foreach (var i in nodes)
            {
                var status = await cluster.GetJsonAsync(i, "/v1/status", ct);
                leaders.Add(status is null ? null : LeaderId(status));
            }

            agreed = leaders[0];
            return agreed is not null && agreed != not && leaders.All(l => l == agreed);
        }, timeout, $"nodes {string.Join(", ", nodes.Select(i => cluster[i].Name))} to agree on one leader" + (not is null ? "" : $" other than {not}"));
        return agreed!;
    }
}
