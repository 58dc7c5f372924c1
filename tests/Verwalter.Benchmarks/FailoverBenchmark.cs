using System.Globalization;

namespace Verwalter.Benchmarks;

/// <summary>
/// <c>failover [--trials N] [--changes N] [--timeout S] [--only etcd|verwalter]</c>: leader failover
/// of 5 real etcd members against 5 real verwalter daemons on loopback addresses, plus
/// change-to-applied on all 5 verwalter nodes, plus a killed follower → left out of the leader's schedule. Prints a table with median, p99 and the ratio.
/// Fails (exit 1) with what each node reported, never hangs, when no leader appears in time.
/// </summary>
internal static class FailoverBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var trials = Options.Int(args, "--trials", 20);
        var changes = Options.Int(args, "--changes", 10);
        var timeout = TimeSpan.FromSeconds(Options.Int(args, "--timeout", 60));
        var only = Option(args, "--only");
        var rows = new List<string>();
        double? etcdMedian = null;
        string? failure = null;

        if (only is null or "etcd")
        {
            try
            {
                using var etcd = new FailoverEtcd();
                var times = await etcd.RunAsync(trials, timeout);
                etcdMedian = times.Length > 0 ? Median(times) : null;
                rows.Add(Row($"etcd {FailoverEtcd.Version()}, 5 members (default 100 ms heartbeat, 1000 ms election timeout): kill -9 leader → new leader agreed by the other 4", times));
            }
            catch (FailoverException ex)
            {
                failure = "etcd: " + ex.Message;
            }
        }

        double? verwalterMedian = null;
        if (only is null or "verwalter")
        {
            using var verwalter = new FailoverVerwalter();
            try
            {
                var result = await verwalter.RunAsync(trials, changes, timeout);
                verwalterMedian = result.Elect.Length > 0 ? Median(result.Elect) : null;
                rows.Add(Row("verwalter, 5 daemons: kill -9 leader → new leader agreed by the other 4", result.Elect));
                rows.Add(Row("verwalter: kill -9 leader → first schedule made by the new leader", result.Schedule));
                rows.Add(Row($"verwalter: runtime file written → rendered file replaced on all 5 nodes ({changes} changes)", result.Applied));
                rows.Add(Row("verwalter: kill -9 a follower → the leader's gossip calls it suspect or dead", result.Detected));
                rows.Add(Row("verwalter: kill -9 a follower → the leader's schedule leaves it out", result.Moved));
            }
            catch (FailoverException ex)
            {
                failure = (failure is null ? "" : failure + "\n") + "verwalter: " + ex.Message;
                if (verwalter.Completed.Elect.Length > 0)
                {
                    var done = $"({verwalter.Completed.Elect.Length} of {trials} trials, then the run failed)";
                    rows.Add(Row($"verwalter, 5 daemons: kill -9 leader → new leader agreed by the other 4 {done}", verwalter.Completed.Elect));
                    rows.Add(Row($"verwalter: kill -9 leader → first schedule made by the new leader {done}", verwalter.Completed.Schedule));
                }
            }
        }

        Console.WriteLine($"leader failover on loopback addresses, {trials} trials per cluster (killed member restarted between trials):");
        Console.WriteLine("| variant | median ms | p99 ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        rows.ForEach(Console.WriteLine);
        if (etcdMedian is { } e && verwalterMedian is { } v)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio (verwalter / etcd, new leader agreed, median): {v / e:F2}x"));
        }

        if (failure is not null)
        {
            Console.Error.WriteLine("failover benchmark failed:\n" + failure);
            return 1;
        }

        return 0;
    }

    private static string Row(string variant, double[] times)
    {
        if (times.Length == 0)
        {
            return $"| {variant} | - | - |";
        }

        var sorted = times.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"| {variant} | {Options.Percentile(sorted, 0.5):F0} | {Options.Percentile(sorted, 0.99):F0} |");
    }

    private static double Median(double[] times) => Options.Percentile(times.Order().ToArray(), 0.5);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
