using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Tests.Gossip;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Durability;

/// <summary>The wall clock jumps ±1 h and +1 day while the monotonic clock runs on: loops do not notice.</summary>
public sealed class ClockJumpTests
{
    [Fact]
    public void MonotonicProvider_IgnoresWallJumpsButFollowsElapsedTime()
    {
        var manual = new ManualTimeProvider();
        var clock = new MonotonicTimeProvider(manual);
        var start = clock.GetUtcNow();
        manual.Advance(TimeSpan.FromSeconds(2));
        manual.JumpWallClock(TimeSpan.FromHours(-1));
        Assert.Equal(start + TimeSpan.FromSeconds(2), clock.GetUtcNow());
        manual.JumpWallClock(TimeSpan.FromDays(1));
        manual.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(start + TimeSpan.FromSeconds(3), clock.GetUtcNow());
        Assert.Equal(start + TimeSpan.FromSeconds(3) + TimeSpan.FromHours(23), manual.GetUtcNow());
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(1.0)]
    [InlineData(24.0)]
    public async Task GossipLoops_WallClockJumps_KeepProbingAndStillDetectADeadNodeInFiveSeconds(double hours)
    {
        await using var cluster = new GossipLoopCluster();
        var seed = GossipLoopCluster.Address(0).ToString();
        await cluster.StartAsync();
        await cluster.StartAsync(seed);
        var victim = await cluster.StartAsync(seed);
        await cluster.RunUntilAsync(() => cluster.Nodes.All(n => n.View.CountIn(MemberState.Alive) == 2), TimeSpan.FromSeconds(5));
        var probesBefore = cluster.Nodes[0].View.Members.Max(m => m.LastReportDirect);

        cluster.Time.JumpWallClock(TimeSpan.FromHours(hours));
        await cluster.RunForAsync(TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(20));
        Assert.All(cluster.Nodes, n => Assert.Equal(2, n.View.CountIn(MemberState.Alive)));
        Assert.True(cluster.Nodes[0].View.Members.Max(m => m.LastReportDirect) > probesBefore, "no direct report after the jump: the probe loop stalled");

        await cluster.StopAsync(victim);
        var took = await cluster.RunUntilAsync(
            () => cluster.Nodes.Where(n => !n.Stopped).All(n => n.StateOf(victim) == MemberState.Dead), TimeSpan.FromSeconds(5));
        Assert.True(took <= TimeSpan.FromSeconds(5), $"dead everywhere after {took}");
    }
}
