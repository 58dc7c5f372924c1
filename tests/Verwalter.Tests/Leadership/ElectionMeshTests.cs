using Verwalter.Leadership;

namespace Verwalter.Tests.Leadership;

/// <summary>Cluster scenarios over the in-memory mesh: election, failover, partitions, minority mode, healing.</summary>
public sealed class ElectionMeshTests
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(3, 1UL)]
    [InlineData(3, 2UL)]
    [InlineData(5, 1UL)]
    [InlineData(5, 3UL)]
    [InlineData(7, 1UL)]
    [InlineData(7, 4UL)]
    public void Run_HealthyCluster_ElectsExactlyOneLeaderEveryoneFollows(int nodes, ulong seed)
    {
        var mesh = new ElectionMesh(nodes, new ElectionOptions(), seed);

        mesh.Run(Settle);

        AssertSingleLeader(mesh, mesh.Ids);
        AssertNoEpochWithTwoLeaders(mesh);
    }

    [Theory]
    [InlineData(3, 5UL)]
    [InlineData(5, 6UL)]
    [InlineData(7, 7UL)]
    public void Run_LeaderCrashes_SurvivorsElectNewLeaderWithinTwoSeconds(int nodes, ulong seed)
    {
        var mesh = new ElectionMesh(nodes, new ElectionOptions(), seed);
        mesh.Run(Settle);
        var old = Assert.Single(mesh.Leaders());
        var survivors = mesh.Ids.Where(id => id != old).ToArray();

        mesh.Crash(old);
        var crashedAt = mesh.Now;
        while (!IsSettled(mesh, survivors) && mesh.Now - crashedAt < TimeSpan.FromSeconds(10))
        {
            mesh.Run(TimeSpan.FromMilliseconds(10));
        }

        Assert.True(mesh.Now - crashedAt <= TimeSpan.FromSeconds(2), $"failover took {(mesh.Now - crashedAt).TotalMilliseconds} ms");
        AssertSingleLeader(mesh, survivors);
        AssertNoEpochWithTwoLeaders(mesh);
    }

    [Theory]
    [InlineData(5, 1UL)]
    [InlineData(7, 2UL)]
    public void Run_LeaderCutIntoMinority_MajorityElectsMinorityHasNoneThenHealsToOne(int nodes, ulong seed)
    {
        var mesh = new ElectionMesh(nodes, new ElectionOptions(), seed);
        mesh.Run(Settle);
        var (minority, majority) = SplitAroundLeader(mesh);

        mesh.Partition(minority, majority);
        mesh.Run(Settle);

        AssertSingleLeader(mesh, majority);
        Assert.Empty(mesh.Leaders(minority));

        mesh.Heal();
        mesh.Run(Settle);

        AssertSingleLeader(mesh, mesh.Ids);
        AssertNoEpochWithTwoLeaders(mesh);
    }

    [Fact]
    public void Run_MinorityModePartition_EachSideLeadsThenHealsToOne()
    {
        var options = new ElectionOptions { AllowMinorityCluster = true, MinorityWindow = TimeSpan.FromSeconds(3) };
        var mesh = new ElectionMesh(5, options, 9);
        mesh.Run(Settle);
        var (minority, majority) = SplitAroundLeader(mesh);

        mesh.Partition(minority, majority);
        mesh.Run(Settle);

        AssertSingleLeader(mesh, majority);
        AssertSingleLeader(mesh, minority);

        mesh.Heal();
        mesh.Run(Settle);

        AssertSingleLeader(mesh, mesh.Ids);
    }

    [Fact]
    public void Run_TwoNodesAheadOfTheLeadersEpoch_ClusterReunitesUnderOneLeader()
    {
        // What the failover benchmark met with real daemons: two nodes (one just restarted) moved to
        // epoch N+1 and could not win it, while the other three kept following the leader of N.
        // Each side ignored the other's epoch until the leader learned of the newer one.
        var mesh = new ElectionMesh(5, new ElectionOptions(), 31);
        mesh.Run(Settle);
        var leader = Assert.Single(mesh.Leaders());
        var epoch = mesh.State(leader).Epoch;
        var ahead = mesh.Ids.Where(id => id != leader).Take(2).ToArray();
        foreach (var id in ahead)
        {
            mesh.Set(id, s => s with
            {
                Phase = ElectionPhase.Voted,
                Epoch = epoch + 1,
                Leader = null,
                VotedFor = ahead.First(other => other != id),
                VotedEpoch = epoch + 1,
                LastLeaderContact = null,
                Deadline = mesh.Now + TimeSpan.FromSeconds(1),
            });
        }

        mesh.Run(Settle);

        AssertSingleLeader(mesh, mesh.Ids);
        var reunited = Assert.Single(mesh.Leaders());
        Assert.True(mesh.State(reunited).Epoch > epoch + 1, $"leader's epoch {mesh.State(reunited).Epoch}");
        Assert.All(mesh.Ids, id => Assert.Equal(mesh.State(reunited).Epoch, mesh.State(id).Epoch));
    }

    [Fact]
    public void Run_IsolatedFollowerReturns_DoesNotDisruptHealthyLeader()
    {
        var mesh = new ElectionMesh(5, new ElectionOptions(), 11);
        mesh.Run(Settle);
        var leader = Assert.Single(mesh.Leaders());
        var epoch = mesh.State(leader).Epoch;
        var loner = mesh.Ids.First(id => id != leader);

        mesh.Partition([loner], mesh.Ids.Where(id => id != loner).ToArray());
        mesh.Run(TimeSpan.FromSeconds(30));
        Assert.Equal(epoch, mesh.State(loner).Epoch);

        mesh.Heal();
        mesh.Run(TimeSpan.FromSeconds(5));

        Assert.Equal([leader], mesh.Leaders());
        Assert.Equal(epoch, mesh.State(leader).Epoch);
        Assert.Equal(leader, mesh.State(loner).Leader);
    }

    [Theory]
    [InlineData(3, 21UL)]
    [InlineData(5, 22UL)]
    [InlineData(7, 23UL)]
    public void Run_LossyDelayedNetwork_ConvergesWithoutTwoLeadersInAnEpoch(int nodes, ulong seed)
    {
        var mesh = new ElectionMesh(nodes, new ElectionOptions(), seed)
        {
            Loss = 0.1,
            MinDelay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(60),
        };

        mesh.Run(TimeSpan.FromSeconds(30));
        mesh.Loss = 0;
        mesh.Run(Settle);

        AssertSingleLeader(mesh, mesh.Ids);
        AssertNoEpochWithTwoLeaders(mesh);
    }

    [Fact]
    public void Run_SameSeed_ReplaysIdentically()
    {
        static string Trace(ulong seed)
        {
            var mesh = new ElectionMesh(5, new ElectionOptions(), seed) { Loss = 0.05 };
            mesh.Run(Settle);
            return string.Join(",", mesh.Ids.Select(id => $"{mesh.State(id).Phase}:{mesh.State(id).Epoch}:{mesh.State(id).Leader}"));
        }

        Assert.Equal(Trace(42), Trace(42));
    }

    private static (string[] Minority, string[] Majority) SplitAroundLeader(ElectionMesh mesh)
    {
        var leader = Assert.Single(mesh.Leaders());
        var minoritySize = (mesh.Ids.Count - 1) / 2;
        var minority = new[] { leader }.Concat(mesh.Ids.Where(id => id != leader).Take(minoritySize - 1)).ToArray();
        return (minority, mesh.Ids.Except(minority).ToArray());
    }

    private static bool IsSettled(ElectionMesh mesh, IReadOnlyCollection<string> group)
    {
        var leaders = mesh.Leaders(group);
        if (leaders.Count != 1)
        {
            return false;
        }
        var leader = mesh.State(leaders[0]);
        return group.Where(id => id != leaders[0]).All(id =>
            mesh.State(id).Phase == ElectionPhase.Follower && mesh.State(id).Leader == leaders[0] && mesh.State(id).Epoch == leader.Epoch);
    }

    private static void AssertSingleLeader(ElectionMesh mesh, IReadOnlyCollection<string> group) =>
        Assert.True(IsSettled(mesh, group), string.Join(", ", group.Select(id =>
            $"{id}={mesh.State(id).Phase}@{mesh.State(id).Epoch}->{mesh.State(id).Leader}")));

    private static void AssertNoEpochWithTwoLeaders(ElectionMesh mesh)
    {
        foreach (var (epoch, leaders) in mesh.LeadersByEpoch)
        {
            Assert.True(leaders.Count == 1, $"epoch {epoch} had leaders {string.Join(",", leaders)}");
        }
    }
}
