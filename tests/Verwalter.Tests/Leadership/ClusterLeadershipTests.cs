using System.Text.Json.Nodes;
using Verwalter.Leadership;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Leadership;

/// <summary>The leadership, replication and schedule loops of 3 and 5 nodes over the in-memory network with a manual clock.</summary>
public sealed class ClusterLeadershipTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Start_ElectsOneLeader_FollowersConvergeOnItsSchedule(int count)
    {
        using var cluster = new ClusterHarness(count);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "one leader and converged schedules");

        var leader = Assert.Single(cluster.Nodes, n => n.IsLeader);
        Assert.Equal(leader.Id, leader.Schedule!.Origin);
        Assert.Equal(leader.State!.Epoch, leader.Schedule.Epoch);
        Assert.All(cluster.Nodes.Where(n => n != leader), f =>
        {
            Assert.Equal(ElectionPhase.Follower, f.State!.Phase);
            Assert.Equal(leader.Address.ToString(), f.State.LeaderAddress);
            Assert.Equal("ok", f.Replicated!.ScheduleStatus);
            Assert.Equal(leader.Schedule.Hash, Assert.IsType<Schedule>(f.Store.Load()).Hash);
        });
        Assert.Equal("ok", leader.Replicated!.ScheduleStatus);
        Assert.Equal("StableLeader", leader.Replicated.FetchState);
    }

    [Fact]
    public async Task LeaderChange_NewSchedule_FollowersFetchOnlyWhenTheStampChanges()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var before = cluster.FetchRequests;
        await cluster.RunForAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(before, cluster.FetchRequests);

        await leader.RescheduleAsync(2);
        await cluster.RunUntilAsync(() => cluster.Nodes.All(n => n.Data?["rev"]?.GetValue<int>() == 2), Limit, "rev 2 everywhere");
        Assert.Equal(before + 2, cluster.FetchRequests);
    }

    [Fact]
    public async Task Partition_DefaultMode_MajorityElects_MinorityHasNoLeader_HealGivesOneLeader()
    {
        using var cluster = new ClusterHarness(5);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var old = cluster.Nodes.Single(n => n.IsLeader);
        var minority = new[] { old.Index, (old.Index + 1) % 5 };
        var majority = cluster.Nodes.Where(n => !minority.Contains(n.Index)).ToList();
        var kept = cluster.Nodes[minority[1]].Schedule!.Hash;
        cluster.Partition(minority);

        await cluster.RunUntilAsync(
            () => majority.Count(n => n.IsLeader) == 1 && majority.All(n => n.State!.LeaderId == majority.Single(m => m.IsLeader).Id),
            Limit,
            "a leader in the majority");
        await cluster.RunForAsync(TimeSpan.FromSeconds(5));
        var newLeader = majority.Single(n => n.IsLeader);
        Assert.True(newLeader.State!.Epoch > old.State!.Epoch || !old.IsLeader);
        foreach (var index in minority)
        {
            var node = cluster.Nodes[index];
            Assert.False(node.IsLeader, $"node {index} leads inside the minority: {cluster.Describe()}");
            Assert.Equal("unstable", node.Replicated!.ScheduleStatus);
            Assert.NotNull(node.Schedule);
        }

        Assert.Equal(kept, cluster.Nodes[minority[1]].Schedule!.Hash);

        cluster.Heal();
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "one leader after healing");
        Assert.Single(cluster.Nodes, n => n.IsLeader);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the old minority leader replaces its schedule before the leader asks for it: fetched by hash
    public async Task Partition_AllowMinority_BothSidesLead_HealMergesBothSchedulesAsParents(bool slowLeaderFetch)
    {
        using var cluster = new ClusterHarness(5, o =>
        {
            o.AllowMinorityCluster = true;
            o.MinorityWindow = TimeSpan.FromSeconds(3);
        });
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var first = cluster.Nodes.Single(n => n.IsLeader);
        var minority = new[] { first.Index, (first.Index + 1) % 5 };
        var majority = cluster.Nodes.Where(n => !minority.Contains(n.Index)).ToList();
        cluster.Partition(minority);

        await cluster.RunUntilAsync(
            () => majority.Count(n => n.IsLeader) == 1 && cluster.Nodes.Count(n => n.IsLeader) == 2,
            Limit,
            "a leader on each side");
        var majorityLeader = majority.Single(n => n.IsLeader);
        var minorityLeader = cluster.Nodes.Single(n => n.IsLeader && minority.Contains(n.Index));
        await cluster.RunUntilAsync(() => majorityLeader.Schedule?.Origin == majorityLeader.Id, Limit, "the majority leader's first schedule");
        await majorityLeader.RescheduleAsync(2);
        await minorityLeader.RescheduleAsync(3);
        Assert.Equal(2, majorityLeader.Data!["rev"]!.GetValue<int>());
        Assert.Equal(3, minorityLeader.Data!["rev"]!.GetValue<int>());

        if (slowLeaderFetch)
        {
            // The majority leader's fetches stall until the old minority leader has taken its schedule.
            var replaced = minorityLeader.Schedule!.Hash;
            cluster.HoldReplication = n => n == majorityLeader && minorityLeader.Schedule!.Hash == replaced;
        }

        cluster.Heal();
        var both = new[] { majorityLeader.Identity.Hostname, minorityLeader.Identity.Hostname }.Order(StringComparer.Ordinal).ToArray();
        await cluster.RunUntilAsync(
            () => Converged(cluster) && cluster.Nodes.Single(n => n.IsLeader).Data!["parent_writers"]!.AsArray().Select(w => w!.GetValue<string>()).Intersect(both).Count() == 2,
            TimeSpan.FromSeconds(20),
            "one leader whose run had both sides' schedules as parents");

        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var seen = leader.Data!["seen"]!.AsArray().Select(s => s!.GetValue<string>()).ToList();
        Assert.Contains(majorityLeader.Identity.Hostname, seen);
        Assert.Contains(minorityLeader.Identity.Hostname, seen);
        var input = JsonNode.Parse(leader.Schedules.Current!.Value.LastRun!.Input)!;
        Assert.True(input["parents"]!.AsArray().Count >= 1);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task LeaderCrash_SurvivorsElectWithinTwoSeconds_AndScheduleWithoutAFixedPrefetch(int count)
    {
        using var cluster = new ClusterHarness(count);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var old = cluster.Nodes.Single(n => n.IsLeader);
        cluster.Crash(old.Index);

        var failover = await cluster.RunUntilAsync(() => OneLeaderFollowed(cluster), Limit, "a new leader");
        Assert.True(failover <= TimeSpan.FromSeconds(2), $"failover took {failover.TotalMilliseconds} ms");
        var leader = cluster.Alive.Single(n => n.IsLeader);
        var firstSchedule = await cluster.RunUntilAsync(() => leader.Schedule?.Origin == leader.Id, Limit, "the new leader's first schedule");
        Assert.True(firstSchedule <= TimeSpan.FromMilliseconds(500), $"first schedule {firstSchedule.TotalMilliseconds} ms after election");
        await cluster.RunUntilAsync(() => cluster.Alive.All(n => n.Schedule?.Hash == leader.Schedule!.Hash), Limit, "followers on the new schedule");
    }

    [Fact]
    public async Task Actions_ReachTheNextRun_WaitersGetTheReply_LostLeadershipAnswersLost()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var withReply = leader.Actions.Register("""{"echo":"hi"}"""u8.ToArray())!;
        var withoutReply = leader.Actions.Register("""{"button":1}"""u8.ToArray())!;
        Assert.True(leader.Actions.IsPending(withReply.Id));

        await leader.RescheduleAsync(2);
        var reply = await withReply.Outcome.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(ActionOutcome.Reply, reply.Outcome);
        Assert.Equal("""{"echoed":"hi"}""", System.Text.Encoding.UTF8.GetString(reply.Reply!));
        Assert.Equal(ActionOutcome.NoReply, (await withoutReply.Outcome.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
        Assert.False(leader.Actions.IsPending(withReply.Id));
        Assert.Equal(2, leader.Data!["actions_seen"]!.GetValue<int>());
        Assert.Null(leader.Data["action_replies"]);

        var lost = leader.Actions.Register("""{"late":true}"""u8.ToArray())!;
        cluster.Partition([leader.Index]);
        await cluster.RunUntilAsync(() => !leader.IsLeader, Limit, "the isolated leader steps down");
        await cluster.StepAsync(TimeSpan.FromMilliseconds(10));
        Assert.Equal(ActionOutcome.Lost, (await lost.Outcome.WaitAsync(TimeSpan.FromSeconds(5))).Outcome);
    }

    [Fact]
    public async Task Pong_CarriesTheFollowersErrorCount_LeaderKeepsItPerPeer()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var follower = cluster.Nodes.First(n => n != leader);
        follower.Config.Publish(Verwalter.Tests.Testing.TestSources.Snapshot(null) with
        {
            SchedulerProblems = [new Verwalter.Configuration.ConfigProblem("scheduler/v1/main.lua", 1, 1, "syntax")],
            RuntimeProblems = [new Verwalter.Configuration.ConfigProblem("runtime/a.yaml", 1, 1, "bad")],
        });

        await cluster.RunUntilAsync(() => leader.State!.PeerErrors.GetValueOrDefault(follower.Id) == 2, Limit, "the error count on the leader");
        Assert.All(cluster.Nodes.Where(n => n != leader && n != follower), n => Assert.Equal(0, leader.State!.PeerErrors[n.Id]));
    }

    internal static bool OneLeaderFollowed(ClusterHarness cluster)
    {
        var leaders = cluster.Alive.Where(n => n.IsLeader).ToList();
        return leaders.Count == 1 && cluster.Alive.All(n => n.State!.LeaderId == leaders[0].Id);
    }

    internal static bool Converged(ClusterHarness cluster)
    {
        if (!OneLeaderFollowed(cluster))
        {
            return false;
        }

        var leader = cluster.Alive.Single(n => n.IsLeader);
        return leader.Schedule is { } s && s.Origin == leader.Id && cluster.Alive.All(n => n.Schedule?.Hash == s.Hash && n.Replicated?.ScheduleStatus == "ok");
    }
}
