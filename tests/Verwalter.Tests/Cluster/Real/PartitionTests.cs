using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Network partitions of five real daemons, each in its own network namespace (issue 4): the
/// leader and one more node are split off, so the cluster splits into two nodes that still talk
/// to each other and three that do. <see cref="DaemonCluster.CutLinkAsync"/> would isolate each
/// cut node from every other one (two singletons, not a two-node side), so the split moves the
/// minority's bridge ports onto a second bridge instead, and healing moves them back.
/// </summary>
[Collection(RealClusterCollection.Name)]
public sealed class PartitionTests : IDisposable
{
    private const int Nodes = 5;

    private const string MinorityBridge = "br1";

    /// <summary>
    /// Records which side made a schedule: an action <c>{"mark": "..."}</c> sets <c>vars.mark</c>,
    /// later runs carry it over from their first parent (the node's own last schedule). Nothing
    /// depends on peers or time, so a side's schedule stays the same until the next action.
    /// </summary>
    /// <summary>Marks come from actions and are inherited from every parent, so a schedule's marks show which sides' schedules reached its run.</summary>
    private const string MarkingScheduler = """
        return {
          scheduler = function(input)
            local set = {}
            for _, parent in ipairs(input.parents or {}) do
              for _, m in ipairs(parent.vars and parent.vars.marks or {}) do set[m] = true end
            end
            for _, action in pairs(input.actions or {}) do
              if type(action) == "table" and action.mark then set[action.mark] = true end
            end
            local marks = {}
            for m in pairs(set) do marks[#marks + 1] = m end
            table.sort(marks)
            return { vars = { leader = input.current_host, marks = marks }, roles = {}, nodes = { [input.current_host] = { roles = {} } } }
          end
        }
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan Observation = TimeSpan.FromSeconds(3);

    private readonly ClusterTestConfig _config = new();

    [Fact]
    public async Task DefaultMode_LeaderCutIntoMinority_MajorityElects_MinorityHasNoLeader_HealGivesOneLeader()
    {
        await using var cluster = await StartAsync(allowMinority: false);
        var old = await cluster.WaitForAgreedLeaderAsync(All, Timeout);
        var (minority, majority) = Split(cluster, old);

        await SplitOffAsync(cluster, minority);

        var elected = await cluster.WaitForAgreedLeaderAsync(majority, Timeout, not: old);
        Assert.DoesNotContain(minority, i => cluster[i].MachineId == elected);
        foreach (var i in minority)
        {
            await cluster.WaitForJsonAsync(i, "/v1/status", s => s["leader"] is null, Timeout, "no leader inside the minority");
        }

        // The two minority nodes still talk to each other (gossip), and no longer to the majority.
        foreach (var i in minority)
        {
            var partner = cluster[minority.Single(m => m != i)].MachineId;
            var others = majority.Select(m => cluster[m].MachineId).ToHashSet();
            await cluster.WaitForJsonAsync(i, "/v1/peers", p => p.AsArray().All(x =>
                x?["id"]?.GetValue<string>() is { } id && (id == partner) == (x["state"]?.GetValue<string>() == "alive") && (id == partner || others.Contains(id))),
                Timeout, "the partner alive and the majority not");
        }

        // The minority must stay leaderless (and the majority keep its leader) for a while, not just once.
        await HoldsAsync(cluster, async ct =>
        {
            foreach (var i in minority)
            {
                var status = await cluster.GetJsonAsync(i, "/v1/status", ct) ?? throw new HttpRequestException($"{cluster[i].Name}: no status");
                Assert.True(status["leader"] is null, $"{cluster[i].Name} inside the minority names a leader: {status["leader"]?.ToJsonString()}\n{cluster.Describe()}");
            }

            foreach (var i in majority)
            {
                var status = await cluster.GetJsonAsync(i, "/v1/status", ct) ?? throw new HttpRequestException($"{cluster[i].Name}: no status");
                Assert.True(ClusterLeader.LeaderId(status) == elected, $"{cluster[i].Name} in the majority left leader {elected}: {status["leader"]?.ToJsonString()}\n{cluster.Describe()}");
            }
        }, "the minority to stay leaderless and the majority on its leader");

        await HealAsync(cluster, minority);

        // Pre-vote: the returning nodes never raised their epoch, so they follow the healthy leader.
        var healed = await cluster.WaitForAgreedLeaderAsync(All, Timeout);
        Assert.Equal(elected, healed);
    }

    [Fact]
    public async Task AllowMinority_EachSideLeadsAndSchedules_HealedLeadersScheduleDescendsFromBoth()
    {
        _config.Write("scheduler/v1/main.lua", MarkingScheduler);
        await using var cluster = await StartAsync(allowMinority: true);
        var first = await cluster.WaitForAgreedLeaderAsync(All, Timeout);
        var (minority, majority) = Split(cluster, first);

        await SplitOffAsync(cluster, minority);

        // In minority mode the leader keeps leading its side; the majority elects its own.
        var majorityLeader = await cluster.WaitForAgreedLeaderAsync(majority, Timeout, not: first);
        var minorityLeader = await cluster.WaitForAgreedLeaderAsync(minority, Timeout);
        Assert.Equal(first, minorityLeader);
        var majorityIndex = IndexOf(cluster, majorityLeader);
        var minorityIndex = IndexOf(cluster, minorityLeader);
        Assert.Contains(majorityIndex, majority);

        var majoritySchedule = await MarkAsync(cluster, majorityIndex, "majority");
        var minoritySchedule = await MarkAsync(cluster, minorityIndex, "minority");
        Assert.Equal(majorityLeader, majoritySchedule["origin"]!.GetValue<string>());
        Assert.Equal(minorityLeader, minoritySchedule["origin"]!.GetValue<string>());
        Assert.NotEqual(majoritySchedule["hash"]!.GetValue<string>(), minoritySchedule["hash"]!.GetValue<string>());

        await HealAsync(cluster, minority);

        // One leader on all five, every node on its schedule, and that schedule descends from both
        // sides: its marks can only hold "majority" and "minority" together if both sides'
        // schedules reached one scheduler run as parents.
        var healed = await cluster.WaitForAgreedLeaderAsync(All, Timeout);
        var leaderIndex = IndexOf(cluster, healed);
        string? hash = null;
        await cluster.WaitUntilAsync(async ct =>
        {
            var schedule = await cluster.GetJsonAsync(leaderIndex, "/v1/schedule", ct);
            hash = schedule?["origin"]?.GetValue<string>() == healed && HasMarks(schedule, "majority", "minority")
                ? schedule!["hash"]?.GetValue<string>()
                : null;
            if (hash is null)
            {
                return false;
            }

            for (var i = 0; i < Nodes; i++)
            {
                if ((await cluster.GetJsonAsync(i, "/v1/schedule", ct))?["hash"]?.GetValue<string>() != hash)
                {
                    return false;
                }
            }

            return true;
        }, Timeout, "every node on the healed leader's schedule carrying both sides' marks");
        Assert.NotNull(hash);
    }

    private static bool HasMarks(JsonNode? schedule, params string[] marks) =>
        schedule?["data"]?["vars"]?["marks"] is JsonArray array
        && marks.All(m => array.Any(x => x?.GetValue<string>() == m));

    public void Dispose() => _config.Dispose();

    private static int[] All => Enumerable.Range(0, Nodes).ToArray();

    private async Task<DaemonCluster> StartAsync(bool allowMinority)
    {
        var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir)
        {
            Nodes = Nodes,
            Network = ClusterNetworkKind.Namespaces,
            Join = true,
            ExtraArgs = allowMinority ? _ => ["--allow-minority-cluster"] : null,
        });
        try
        {
            await cluster.WaitAllReadyAsync(Timeout);
            for (var i = 0; i < Nodes; i++)
            {
                await cluster.WaitForJsonAsync(i, "/v1/peers", p => p.AsArray().Count(x => x?["state"]?.GetValue<string>() == "alive") == Nodes - 1, Timeout, $"{Nodes - 1} alive peers");
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The leader and the node after it form the minority; the three others the majority.</summary>
    private static (int[] Minority, int[] Majority) Split(DaemonCluster cluster, string leader)
    {
        var index = IndexOf(cluster, leader);
        int[] minority = [index, (index + 1) % Nodes];
        return (minority, All.Except(minority).ToArray());
    }

    private static int IndexOf(DaemonCluster cluster, string id) =>
        cluster.Nodes.Single(n => n.MachineId == id).Index;

    /// <summary>Sends the action <c>{"mark": mark}</c> to the leader at <paramref name="index"/> (retrying while it still collects parents) and returns its schedule carrying that mark.</summary>
    private static async Task<JsonNode> MarkAsync(DaemonCluster cluster, int index, string mark)
    {
        await cluster.WaitUntilAsync(async ct =>
        {
            using var body = new StringContent(new JsonObject { ["mark"] = mark }.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await cluster[index].Http.PostAsync("v1/wait_action", body, ct);
            return response.IsSuccessStatusCode;
        }, Timeout, $"{cluster[index].Name} to publish a run with the action marking the {mark}");
        return await cluster.WaitForJsonAsync(index, "/v1/schedule", s => HasMarks(s, mark), Timeout, $"the {mark}'s schedule");
    }

    /// <summary>Moves the bridge ports of <paramref name="minority"/> onto a second bridge: they reach each other, not the rest.</summary>
    private static async Task SplitOffAsync(DaemonCluster cluster, IEnumerable<int> minority)
    {
        var network = cluster.Network!;
        await IpAsync("-n", network.BridgeNamespace, "link", "add", MinorityBridge, "type", "bridge");
        await IpAsync("-n", network.BridgeNamespace, "link", "set", MinorityBridge, "up");
        foreach (var i in minority)
        {
            await IpAsync("-n", network.BridgeNamespace, "link", "set", network.Nodes[i].BridgePort, "master", MinorityBridge);
        }
    }

    /// <summary>Moves the minority's ports back to the cluster bridge (the second bridge goes with the namespaces).</summary>
    private static async Task HealAsync(DaemonCluster cluster, IEnumerable<int> minority)
    {
        var network = cluster.Network!;
        foreach (var i in minority)
        {
            await IpAsync("-n", network.BridgeNamespace, "link", "set", network.Nodes[i].BridgePort, "master", "br0");
        }
    }

    private static async Task IpAsync(params string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start ip");
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
        var error = (await stderr).Trim();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"'ip {string.Join(' ', args)}' exited with {process.ExitCode}: {error}"));
        }
    }

    /// <summary>
    /// Polls <paramref name="check"/> (which asserts) until it has passed at least 10 times over
    /// <see cref="Observation"/> of wall time: a condition that must keep holding, not just once.
    /// </summary>
    private static async Task HoldsAsync(DaemonCluster cluster, Func<CancellationToken, Task> check, string what)
    {
        var watch = Stopwatch.StartNew();
        var passed = 0;
        await cluster.WaitUntilAsync(async ct =>
        {
            await check(ct);
            passed++;
            return passed >= 10 && watch.Elapsed >= Observation;
        }, Observation + Timeout, what);
    }
}
