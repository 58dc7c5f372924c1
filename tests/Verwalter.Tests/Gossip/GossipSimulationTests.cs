using Verwalter.Peers;
using Xunit.Abstractions;

namespace Verwalter.Tests.Gossip;

public sealed class GossipSimulationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan DeadWithin = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    public void Join_FromSingleSeed_ConvergesToFullMembership(int count)
    {
        var cluster = new GossipCluster(count, seed: (ulong)count);
        for (var i = 1; i < count; i++)
        {
            cluster.Join(i, 0);
        }

        Assert.True(cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(30)), "no convergence in 30 s");
        output.WriteLine($"{count} nodes converged in {cluster.Elapsed.TotalSeconds:F2} s ({cluster.Nodes[0].Machine.Periods} periods at node0)");
        Assert.Empty(cluster.FalseDeaths);
    }

    [Theory]
    [InlineData(5, 1UL)]
    [InlineData(50, 2UL)]
    [InlineData(50, 3UL)]
    public void Kill_OneNode_MarkedDeadEverywhereWithinFiveSeconds(int count, ulong seed)
    {
        var cluster = Converged(count, seed);
        var victim = count / 2;
        var killedAt = cluster.Now;
        cluster.Kill(victim);
        var id = cluster.Nodes[victim].Id;

        Assert.True(cluster.RunUntil(() => cluster.AllSee(victim, MemberState.Dead), TimeSpan.FromSeconds(10)), "not dead everywhere in 10 s");
        var latest = cluster.Nodes.Where(n => !n.Killed).Max(n => n.DeadAt[id]) - killedAt;
        var first = cluster.Nodes.Where(n => !n.Killed).Min(n => n.DeadAt[id]) - killedAt;
        output.WriteLine($"{count} nodes: first dead after {first.TotalSeconds:F2} s, everywhere after {latest.TotalSeconds:F2} s");
        Assert.True(latest <= DeadWithin, $"dead everywhere only after {latest}");
        Assert.Empty(cluster.FalseDeaths);
    }

    [Fact]
    public void Run_OnePercentLossFor60Seconds_NoFalseDead()
    {
        var cluster = Converged(50, seed: 11);
        cluster.Loss = 0.01;
        var dropsBefore = cluster.Dropped;

        cluster.RunFor(TimeSpan.FromSeconds(60));

        output.WriteLine($"delivered {cluster.Delivered}, dropped {cluster.Dropped - dropsBefore} at 1 % loss; false deaths {cluster.FalseDeaths.Count}");
        Assert.Empty(cluster.FalseDeaths);
        Assert.True(cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Partition_ThenHeal_MembersComeBackAlive()
    {
        var cluster = Converged(10, seed: 5);
        cluster.Partition = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];

        Assert.True(cluster.RunUntil(() => cluster.Nodes[0].StateOf(cluster.Nodes[9].Id) == MemberState.Dead
            && cluster.Nodes[9].StateOf(cluster.Nodes[0].Id) == MemberState.Dead, TimeSpan.FromSeconds(10)), "sides never saw each other dead");
        cluster.RunFor(TimeSpan.FromSeconds(5));
        cluster.Partition = null;
        var healedAt = cluster.Elapsed;

        Assert.True(cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(20)), "no convergence after heal");
        output.WriteLine($"all alive again {(cluster.Elapsed - healedAt).TotalSeconds:F2} s after the heal");
        Assert.All(cluster.Nodes, n => Assert.True(n.Machine.Self.Incarnation > 0 || n.Index < 6));
    }

    [Fact]
    public void Kill_ThenRestartSameNode_RejoinsAsAlive()
    {
        var cluster = Converged(8, seed: 9);
        cluster.Kill(3);
        Assert.True(cluster.RunUntil(() => cluster.AllSee(3, MemberState.Dead), TimeSpan.FromSeconds(10)));

        cluster.Revive(3);

        Assert.True(cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(10)), "revived node never came back");
    }

    private static GossipCluster Converged(int count, ulong seed)
    {
        var cluster = new GossipCluster(count, seed);
        for (var i = 1; i < count; i++)
        {
            cluster.Join(i, 0);
        }

        Assert.True(cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(30)), "no convergence");
        cluster.RunFor(TimeSpan.FromSeconds(2));
        return cluster;
    }
}
