using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Scheduling;
using Verwalter.Tests.Leadership;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Replication;

/// <summary>Follower replication over the in-memory cluster: what is accepted, what is refused and counted, and the status.</summary>
public sealed class ReplicationTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Follower_MismatchingHash_IsRejectedAndCounted_KeepsLastSchedule()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => ClusterLeadershipTests.Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var followers = cluster.Nodes.Where(n => n != leader).ToList();
        var good = leader.Schedule!.Hash;
        cluster.Serve = (node, body) => node == leader && body is not null ? Tamper(body) : body;
        var rejected = cluster.Metrics.RejectedSchedules;

        await leader.RescheduleAsync(2);
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));

        Assert.True(cluster.Metrics.RejectedSchedules >= rejected + 2, $"rejected {cluster.Metrics.RejectedSchedules - rejected}");
        Assert.All(followers, f =>
        {
            Assert.Equal(good, f.Schedule!.Hash);
            Assert.Equal("fetching", f.Replicated!.ScheduleStatus);
            Assert.Contains("hash mismatch", f.Replicated.LastError, StringComparison.Ordinal);
        });

        cluster.Serve = (_, body) => body;
        await cluster.RunUntilAsync(() => followers.All(f => f.Schedule!.Hash == leader.Schedule!.Hash && f.Replicated!.ScheduleStatus == "ok"), Limit, "recovery");
    }

    [Fact]
    public async Task Follower_OlderEpoch_IsNeverAccepted()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => ClusterLeadershipTests.Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var followers = cluster.Nodes.Where(n => n != leader).ToList();
        var good = leader.Schedule!.Hash;
        // The leader serves its new data under an epoch older than the one the followers adopted.
        cluster.Serve = (node, body) =>
        {
            if (node != leader || node.Schedule is not { } s)
            {
                return body;
            }

            return Schedule.Create(s.Timestamp, s.Origin, s.Epoch - 1, s.Data).ToJson();
        };
        var rejected = cluster.Metrics.RejectedSchedules;

        await leader.RescheduleAsync(2);
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));

        Assert.True(cluster.Metrics.RejectedSchedules >= rejected + 2);
        Assert.All(followers, f =>
        {
            Assert.Equal(good, f.Schedule!.Hash);
            Assert.Contains("older", f.Replicated!.LastError, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Follower_ScheduleFromAnotherOrigin_IsRejected()
    {
        using var cluster = new ClusterHarness(3);
        await cluster.RunUntilAsync(() => ClusterLeadershipTests.Converged(cluster), Limit, "convergence");
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var followers = cluster.Nodes.Where(n => n != leader).ToList();
        var good = leader.Schedule!.Hash;
        cluster.Serve = (node, body) => node == leader && node.Schedule is { } s
            ? Schedule.Create(s.Timestamp, followers[0].Id, s.Epoch, s.Data).ToJson()
            : body;
        var rejected = cluster.Metrics.RejectedSchedules;

        await leader.RescheduleAsync(2);
        await cluster.RunForAsync(TimeSpan.FromSeconds(1));

        Assert.True(cluster.Metrics.RejectedSchedules >= rejected + 2);
        Assert.All(followers, f => Assert.Equal(good, f.Schedule!.Hash));
    }

    [Fact]
    public async Task ScheduleStatus_WaitingUntilTheLeaderHasASchedule_ThenOk_UnstableWithoutLeader()
    {
        using var cluster = new ClusterHarness(3);
        foreach (var node in cluster.Nodes)
        {
            node.Config.Publish(TestSources.Snapshot(null));
        }

        await cluster.RunUntilAsync(() => ClusterLeadershipTests.OneLeaderFollowed(cluster), Limit, "a leader");
        await cluster.RunForAsync(TimeSpan.FromMilliseconds(500));
        var leader = cluster.Nodes.Single(n => n.IsLeader);
        var follower = cluster.Nodes.First(n => n != leader);
        Assert.Equal("waiting", follower.Replicated!.ScheduleStatus);
        Assert.Equal("ok", leader.Replicated!.ScheduleStatus);
        Assert.Null(follower.Schedule);

        await leader.RescheduleAsync(1);
        await cluster.RunUntilAsync(() => follower.Replicated!.ScheduleStatus == "ok", Limit, "ok");
        Assert.Equal(leader.Schedule!.Hash, follower.Schedule!.Hash);

        cluster.Partition([follower.Index]);
        await cluster.RunUntilAsync(() => follower.Replicated!.ScheduleStatus == "unstable", Limit, "unstable on the isolated follower");
        Assert.Equal(leader.Schedule.Hash, follower.Schedule!.Hash);
    }

    private static byte[] Tamper(byte[] envelope)
    {
        var node = JsonNode.Parse(envelope)!;
        node["data"]!["tampered"] = true;
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }
}
