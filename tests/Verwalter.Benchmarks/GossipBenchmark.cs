using System.Diagnostics;
using Verwalter.Peers;
using Verwalter.Tests.Gossip;

namespace Verwalter.Benchmarks;

/// <summary>
/// The 1,000-node gossip figures of docs/controllers/peers.md: N simulated membership machines
/// (<see cref="GossipCluster"/>, 10 ms steps, 0–5 ms delay, every datagram through the codec) join
/// through three seeds at once, then one node is killed. Prints simulated time, protocol rounds and
/// the wall time the simulation took.
/// </summary>
internal static class GossipBenchmark
{
    public static int Run(string[] args)
    {
        var count = Options.Int(args, "--nodes", 1000);
        var seed = (ulong)Options.Int(args, "--seed", 1000);
        var wall = Stopwatch.StartNew();
        var cluster = new GossipCluster(count, seed);
        var pick = new SeededRandom(42);
        var period = cluster.Options.ProtocolPeriod;

        cluster.Join(1, 0);
        cluster.Join(2, 0);
        cluster.RunFor(TimeSpan.FromMilliseconds(500));
        var joinStart = cluster.Elapsed;
        for (var i = 3; i < count; i++)
        {
            cluster.Join(i, pick.Next(3));
        }

        var converged = cluster.RunUntil(cluster.AllConverged, TimeSpan.FromSeconds(120));
        var join = cluster.Elapsed - joinStart;
        Console.WriteLine($"gossip join: {count} nodes through 3 seeds: {(converged ? "full membership everywhere" : "NOT converged")} after {join.TotalSeconds:F2} s simulated ({join / period:F0} protocol rounds), {cluster.Delivered} datagrams, {wall.Elapsed.TotalSeconds:F1} s wall");

        wall.Restart();
        var victim = count * 7 / 9;
        var id = cluster.Nodes[victim].Id;
        var killedAt = cluster.Now;
        cluster.Kill(victim);
        var dead = cluster.RunUntil(() => cluster.AllSee(victim, MemberState.Dead), TimeSpan.FromSeconds(30));
        var times = cluster.Nodes.Where(n => !n.Killed && n.DeadAt.ContainsKey(id)).Select(n => n.DeadAt[id] - killedAt).Order().ToList();
        if (times.Count == 0)
        {
            Console.WriteLine("gossip dead-node detection: nobody saw the killed node dead within 30 s simulated");
            return 1;
        }

        Console.WriteLine($"gossip dead-node detection: first {times[0].TotalSeconds:F2} s, median {times[times.Count / 2].TotalSeconds:F2} s, {(dead ? "everywhere" : $"{times.Count} of {count - 1}")} {times[^1].TotalSeconds:F2} s simulated ({times[^1] / period:F0} protocol rounds), {wall.Elapsed.TotalSeconds:F1} s wall");
        Console.WriteLine($"false deaths: {cluster.FalseDeaths.Count}");
        return converged && dead && cluster.FalseDeaths.Count == 0 ? 0 : 1;
    }
}
