using Verwalter.Peers;
using Xunit.Abstractions;

namespace Verwalter.Tests.Gossip;

/// <summary>
/// The 1,000-node dead-node figure quoted in docs/controllers/peers.md, at default timers, from full
/// membership (one bootstrap sync). The join from seeds takes about a minute of wall time and is a
/// benchmark instead: <c>dotnet run -c Release --project tests/Verwalter.Benchmarks -- gossip</c>.
/// </summary>
public sealed class GossipThousandNodeTests(ITestOutputHelper output)
{
    private const int Count = 1000;

    [Fact]
    public void Kill_OneOfThousandNodes_DeadEverywhereWithinFiveSeconds()
    {
        var cluster = new GossipCluster(Count, seed: 1000);
        cluster.Bootstrap();
        cluster.RunFor(TimeSpan.FromSeconds(1));
        Assert.True(cluster.AllConverged());

        var victim = 777;
        var id = cluster.Nodes[victim].Id;
        var killedAt = cluster.Now;
        cluster.Kill(victim);
        var dead = cluster.RunUntil(() => cluster.AllSee(victim, MemberState.Dead), TimeSpan.FromSeconds(8));
        var times = cluster.Nodes.Where(n => !n.Killed && n.DeadAt.ContainsKey(id)).Select(n => n.DeadAt[id] - killedAt).Order().ToList();
        Assert.True(dead, $"only {times.Count} of {Count - 1} saw the dead node in 8 s");
        output.WriteLine($"{Count} nodes: killed node dead at the first node after {times[0].TotalSeconds:F2} s, median {times[times.Count / 2].TotalSeconds:F2} s, everywhere {times[^1].TotalSeconds:F2} s ({times[^1] / cluster.Options.ProtocolPeriod:F0} protocol periods)");
        Assert.True(times[^1] <= TimeSpan.FromSeconds(5), $"dead everywhere only after {times[^1]}");
        Assert.Empty(cluster.FalseDeaths);
    }
}
