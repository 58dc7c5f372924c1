using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Benchmarks;

/// <summary>
/// One scheduler pass as the schedule loop does it (input marshalling, the Lua run, canonical
/// output, hash) for N peers × R roles, against the same scheduler on Debian's lua5.4 with the
/// input as a table literal (only the scheduler's own work).
/// </summary>
internal static class SchedulerPassBenchmark
{
    public static int Run(string[] args)
    {
        var peers = Options.Int(args, "--peers", 1000);
        var roles = Options.Int(args, "--roles", 20);
        var runs = Options.Int(args, "--runs", 200);
        var warmup = Options.Int(args, "--warmup", 30);

        var dir = Path.Combine(AppContext.BaseDirectory, "scheduler");
        var main = File.ReadAllBytes(Path.Combine(dir, "main.lua"));
        var source = new SchedulerSource(dir, ImmutableSortedDictionary<string, byte[]>.Empty.Add("main.lua", main), Convert.ToHexStringLower(SHA256.HashData(main)));
        var runtimeJson = JsonSerializer.SerializeToUtf8Bytes(SyntheticCluster.Runtime(roles));
        var peersJson = JsonSerializer.SerializeToUtf8Bytes(SyntheticCluster.Peers(peers));
        using var engine = LuaScheduler.Load(source, new SchedulerLimits { Deadline = TimeSpan.FromSeconds(10) });

        byte[] parent = [];
        byte[] Input() => new SchedulerInput(SyntheticCluster.Now, SyntheticCluster.Host(0), 0.ToString("x32", CultureInfo.InvariantCulture))
            .WithParents(parent.Length == 0 ? [] : [parent])
            .With("runtime", runtimeJson)
            .With("peers", peersJson)
            .ToJson();
        (byte[] Data, string Hash) Pass()
        {
            var output = engine.Run(Input());
            var data = ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log);
            return (data, CanonicalJson.Sha1Hex(data));
        }

        var coldStarted = Stopwatch.GetTimestamp();
        parent = Pass().Data;
        var firstMs = Stopwatch.GetElapsedTime(coldStarted).TotalMilliseconds;
        var inputBytes = Input();
        var warm = new double[warmup];
        for (var i = 0; i < warmup; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Pass();
            warm[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var times = new double[runs];
        var outputBytes = 0;
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (data, _) = Pass();
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            outputBytes = data.Length;
        }

        var phases = new double[4];
        for (var i = 0; i < 20; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var inp = Input();
            var t1 = Stopwatch.GetTimestamp();
            var output = engine.Run(inp);
            var t2 = Stopwatch.GetTimestamp();
            var data = ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log);
            var t3 = Stopwatch.GetTimestamp();
            CanonicalJson.Sha1Hex(data);
            var t4 = Stopwatch.GetTimestamp();
            phases[0] += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds / 20;
            phases[1] += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds / 20;
            phases[2] += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds / 20;
            phases[3] += Stopwatch.GetElapsedTime(t3, t4).TotalMilliseconds / 20;
        }

        Console.WriteLine($"phases (mean ms): input {phases[0]:F2}, engine run {phases[1]:F2}, canonical {phases[2]:F2}, sha1 {phases[3]:F2}");
        Array.Sort(times);
        var (ourMedian, ourP99) = (Options.Percentile(times, 0.5), Options.Percentile(times, 0.99));
        var reference = Reference(dir, inputBytes, warmup, runs);

        Console.WriteLine($"scheduler pass: {peers} peers x {roles} roles, input {inputBytes.Length / 1024.0:F0} KiB JSON, output {outputBytes / 1024.0:F0} KiB canonical, {runs} runs after {warmup} warm-up");
        Console.WriteLine($"cold start: first pass {firstMs:F2} ms; warm-up passes median {Median(warm):F2} ms, max {(warm.Length == 0 ? 0 : warm.Max()):F2} ms (JIT tiering)");
        Console.WriteLine("| variant | median ms | p99 ms |");
        Console.WriteLine("| --- | ---: | ---: |");
        Console.WriteLine($"| verwalter pass (marshal + run + canonical JSON + SHA-1) | {ourMedian:F2} | {ourP99:F2} |");
        if (reference is { } r)
        {
            Console.WriteLine($"| lua5.4 interpreter, scheduler only (table literal input) | {r.Median:F2} | {r.P99:F2} |");
            Console.WriteLine($"ratio (verwalter / lua5.4): median {ourMedian / r.Median:F2}x, p99 {ourP99 / r.P99:F2}x");
        }
        else
        {
            Console.WriteLine("| lua5.4 interpreter | not run (lua5.4 missing: apt-get install lua5.4) | |");
        }

        Console.WriteLine($"goal p99 < 50 ms: {(ourP99 < 50 ? "met" : "NOT met")}");
        return 0;
    }

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return Options.Percentile(sorted, 0.5);
    }

    private static (double Median, double P99)? Reference(string dir, byte[] inputJson, int warmup, int runs)
    {
        const string Lua = "/usr/bin/lua5.4";
        if (!File.Exists(Lua))
        {
            return null;
        }

        var literal = Path.Combine(Path.GetTempPath(), $"verwalter-bench-input-{Environment.ProcessId}.lua");
        using (var document = JsonDocument.Parse(inputJson))
        {
            File.WriteAllText(literal, LuaLiteral.From(document.RootElement));
        }

        try
        {
            var info = new ProcessStartInfo(Lua) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(dir, "reference.lua"), literal, Path.Combine(dir, "main.lua"), warmup.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var text = process.StandardOutput.ReadToEnd().Trim().Split(' ');
            process.WaitForExit();
            return (double.Parse(text[0], CultureInfo.InvariantCulture), double.Parse(text[1], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(literal);
        }
    }
}
