using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Verwalter.Benchmarks;

/// <summary>
/// Save → printed with the real <c>verwalter watch --json</c> process: a runtime file is saved
/// (temp file + rename, as editors do) and the clock stops when watch prints a run whose schedule
/// holds the new value. Peer, in the same run: the same save followed by a one-shot
/// <c>verwalter schedule --json</c> process (what one would do without watch). Goal: p50 ≤ 300 ms.
/// </summary>
internal static class WatchBenchmark
{
    private const string Scheduler = """
        return { scheduler = function(input)
          local value = input.runtime.app and input.runtime.app.value or 0
          return { roles = { app = { template = "app", value = value } },
                   nodes = { [input.current_host] = { roles = { app = {} } } } }
        end }
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var saves = Options.Int(args, "--saves", 20);
        var root = Directory.CreateTempSubdirectory("verwalter-bench-watch-");
        try
        {
            var config = root.FullName;
            Write(Path.Combine(config, "scheduler", "v1", "main.lua"), Scheduler);
            Write(Path.Combine(config, "runtime", "app.yaml"), "value: 0\n");
            Write(Path.Combine(config, "templates", "app", "app.render.yaml"), "templates:\n  main: main.hbs\ncommands: []\n");
            Write(Path.Combine(config, "templates", "app", "main.hbs"), "value={{ value }}\n");

            using var watch = Start("watch", "--config-dir", config, "--json");
            var lines = Lines(watch);
            await WaitForValueAsync(lines, 0);
            var watchTimes = new double[saves];
            for (var i = 1; i <= saves; i++)
            {
                var clock = Stopwatch.StartNew();
                Write(Path.Combine(config, "runtime", "app.yaml"), $"value: {i}\n");
                await WaitForValueAsync(lines, i);
                watchTimes[i - 1] = clock.Elapsed.TotalMilliseconds;
            }

            watch.Kill(entireProcessTree: true);
            var oneShotTimes = new double[saves];
            for (var i = 1; i <= saves; i++)
            {
                var clock = Stopwatch.StartNew();
                Write(Path.Combine(config, "runtime", "app.yaml"), $"value: {saves + i}\n");
                using var schedule = Start("schedule", "--config-dir", config, "--json");
                var text = await schedule.StandardOutput.ReadToEndAsync();
                await schedule.WaitForExitAsync();
                if (!text.Contains($"\"value\": {saves + i}", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("verwalter schedule printed an unexpected schedule:\n" + text);
                }

                oneShotTimes[i - 1] = clock.Elapsed.TotalMilliseconds;
            }

            Report("verwalter watch: save → run printed", watchTimes);
            Report("peer: save → verwalter schedule process printed", oneShotTimes);
            Array.Sort(watchTimes);
            Array.Sort(oneShotTimes);
            var p50 = Options.Percentile(watchTimes, 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ratio watch/peer (p50): {p50 / Options.Percentile(oneShotTimes, 0.5):F2}; goal p50 ≤ 300 ms: {(p50 <= 300 ? "met" : "missed")}"));
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static void Report(string name, double[] times)
    {
        var sorted = times.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: n={sorted.Length} p50={Options.Percentile(sorted, 0.5):F1} ms p90={Options.Percentile(sorted, 0.9):F1} ms max={sorted[^1]:F1} ms"));
    }

    private static async Task WaitForValueAsync(ChannelReader<string> lines, int value)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await lines.ReadAsync(timeout.Token);
            if (JsonNode.Parse(line)?["schedule"]?["roles"]?["app"]?["value"]?.GetValue<int>() == value)
            {
                return;
            }
        }
    }

    private static ChannelReader<string> Lines(Process process)
    {
        var channel = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                channel.Writer.TryWrite(line);
            }

            channel.Writer.TryComplete();
        });
        return channel.Reader;
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "verwalter.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start verwalter");
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp~", text);
        File.Move(path + ".tmp~", path, overwrite: true);
    }
}
