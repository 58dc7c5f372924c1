using System.Globalization;
using Xunit.Abstractions;

namespace Verwalter.Tests.Leadership;

/// <summary>
/// Failover over many seeds in simulated time (10 ms steps, immediate delivery): from the leader's
/// crash until every survivor follows one new leader, and until every survivor has that leader's
/// first schedule. Prints p50/p99/max; asserts the targets (p50 ≤ 1 s, p99 ≤ 2 s).
/// </summary>
public sealed class FailoverFiguresTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(3, 100)]
    [InlineData(5, 60)]
    public async Task Failover_ManySeeds_MeetsTheTargets(int nodes, int seeds)
    {
        var elect = new List<double>();
        var schedule = new List<double>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            using var cluster = new ClusterHarness(nodes, seed: (ulong)seed);
            await cluster.RunUntilAsync(() => ClusterLeadershipTests.Converged(cluster), TimeSpan.FromSeconds(15), "convergence");
            // Land the crash at a random point within a heartbeat.
            await cluster.RunForAsync(TimeSpan.FromMilliseconds(10 * (seed % 15)));
            var old = cluster.Nodes.Single(n => n.IsLeader);
            cluster.Crash(old.Index);
            var start = cluster.Time.GetUtcNow();
            await cluster.RunUntilAsync(() => ClusterLeadershipTests.OneLeaderFollowed(cluster), TimeSpan.FromSeconds(15), "a new leader");
            elect.Add((cluster.Time.GetUtcNow() - start).TotalMilliseconds);
            await cluster.RunUntilAsync(() => ClusterLeadershipTests.Converged(cluster), TimeSpan.FromSeconds(15), "the new leader's schedule everywhere");
            schedule.Add((cluster.Time.GetUtcNow() - start).TotalMilliseconds);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes} nodes, {seeds} seeds: new leader followed p50 {P(elect, 50)} ms, p99 {P(elect, 99)} ms, max {elect.Max()} ms; new schedule everywhere p50 {P(schedule, 50)} ms, p99 {P(schedule, 99)} ms, max {schedule.Max()} ms"));
        Assert.True(P(elect, 50) <= 1000, $"p50 {P(elect, 50)} ms");
        Assert.True(P(elect, 99) <= 2000, $"p99 {P(elect, 99)} ms");
    }

    private static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
