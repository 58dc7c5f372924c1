using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Verwalter.Scheduling;
using Verwalter.Scheduling.JavaScript;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Benchmarks;

/// <summary>
/// The scheduler pass of <see cref="SchedulerPassBenchmark"/> with the scheduler written in
/// JavaScript (scheduler/js/main.js) on the Jint engine: input JSON, run, canonical output, hash;
/// the cold first pass (load + first run); and the same script under node in the same run as the
/// peer. Also checks that the JS and Lua schedulers give identical canonical data.
/// </summary>
internal static class JsSchedulerPassBenchmark
{
    private static readonly string[] NodePaths = ["/usr/bin/node", "/usr/bin/nodejs"];

    public static int Run(string[] args)
    {
        var peers = Options.Int(args, "--peers", 1000);
        var roles = Options.Int(args, "--roles", 20);
        var runs = Options.Int(args, "--runs", 200);
        var warmup = Options.Int(args, "--warmup", 30);

        var dir = Path.Combine(AppContext.BaseDirectory, "scheduler");
        var main = File.ReadAllBytes(Path.Combine(dir, "js", "main.js"));
        var source = new SchedulerSource(Path.Combine(dir, "js"), ImmutableSortedDictionary<string, byte[]>.Empty.Add("main.js", main), "bench-js");
        var luaSource = new SchedulerSource(dir, ImmutableSortedDictionary<string, byte[]>.Empty.Add("main.lua", File.ReadAllBytes(Path.Combine(dir, "main.lua"))), "bench-lua");
        var runtimeJson = JsonSerializer.SerializeToUtf8Bytes(SyntheticCluster.Runtime(roles));
        var peersJson = JsonSerializer.SerializeToUtf8Bytes(SyntheticCluster.Peers(peers));
        var limits = new SchedulerLimits { Deadline = TimeSpan.FromSeconds(10) };
        byte[] Input(byte[]? parent) => new SchedulerInput(SyntheticCluster.Now, SyntheticCluster.Host(0), 0.ToString("x32", CultureInfo.InvariantCulture))
            .WithParents(parent is null ? [] : [parent])
            .With("runtime", runtimeJson)
            .With("peers", peersJson)
            .ToJson();
        var input = Input(null);

        var coldStarted = Stopwatch.GetTimestamp();
        using var engine = JsScheduler.Load(source, limits);
        var first = Pass(engine, input);
        var coldMs = Stopwatch.GetElapsedTime(coldStarted).TotalMilliseconds;

        // Later passes carry the first schedule as their parent, as in the schedule loop.
        input = Input(first);
        using (var lua = LuaScheduler.Load(luaSource, limits))
        {
            var same = Pass(lua, input).AsSpan().SequenceEqual(Pass(engine, input));
            Console.WriteLine($"JS and Lua canonical data identical: {(same ? "yes" : "NO")}");
        }

        for (var i = 0; i < warmup; i++)
        {
            Pass(engine, input);
        }

        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Pass(engine, input);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        var (median, p99) = (Options.Percentile(times, 0.5), Options.Percentile(times, 0.99));
        var node = Node(dir, input, warmup, runs);
        Console.WriteLine($"JS scheduler pass: {peers} peers x {roles} roles, input {input.Length / 1024.0:F0} KiB JSON, output {first.Length / 1024.0:F0} KiB canonical, {runs} runs after {warmup} warm-up");
        Console.WriteLine("| variant | cold first pass ms | median ms | p99 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| Jint pass (parse input + run + stringify + canonical JSON + SHA-1; warm engine kept between successful runs) | {coldMs:F1} | {median:F2} | {p99:F2} |");
        if (node is { } n)
        {
            Console.WriteLine($"| node (JSON.parse + run + JSON.stringify) | {n.Cold:F1} | {n.Median:F2} | {n.P99:F2} |");
            Console.WriteLine($"ratio (Jint / node): median {median / n.Median:F1}x, p99 {p99 / n.P99:F1}x");
        }
        else
        {
            Console.WriteLine("| node | not run (node missing: apt-get install nodejs) | | |");
        }

        Console.WriteLine($"goal p99 <= 60 ms: {(p99 <= 60 ? "met" : "NOT met")}; goal cold <= 150 ms: {(coldMs <= 150 ? "met" : "NOT met")}");
        return 0;
    }

    private static byte[] Pass(ISchedulerEngine engine, byte[] input)
    {
        var output = engine.Run(input);
        var data = ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log);
        _ = CanonicalJson.Sha1Hex(data);
        return data;
    }

    private static (double Cold, double Median, double P99)? Node(string dir, byte[] inputJson, int warmup, int runs)
    {
        var node = NodePaths.FirstOrDefault(File.Exists);
        if (node is null)
        {
            return null;
        }

        var inputFile = Path.Combine(Path.GetTempPath(), $"verwalter-bench-input-{Environment.ProcessId}.json");
        File.WriteAllBytes(inputFile, inputJson);
        try
        {
            var info = new ProcessStartInfo(node) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(dir, "js", "reference.mjs"), inputFile, Path.Combine(dir, "js", "main.js"), warmup.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var text = process.StandardOutput.ReadToEnd().Trim().Split(' ');
            process.WaitForExit();
            return (double.Parse(text[0], CultureInfo.InvariantCulture), double.Parse(text[1], CultureInfo.InvariantCulture), double.Parse(text[2], CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(inputFile);
        }
    }
}
