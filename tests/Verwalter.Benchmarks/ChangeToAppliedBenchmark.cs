using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Verwalter.Benchmarks;

/// <summary>
/// Change-to-applied on one node with the real daemon process: a runtime file is written, and the
/// clock stops when the rendered file (replaced through <c>!Copy</c>) holds the new value.
/// </summary>
internal static class ChangeToAppliedBenchmark
{
    private const string Scheduler = """
        return { scheduler = function(input)
          local value = input.runtime.app and input.runtime.app.value or 0
          return { roles = { app = { template = "app/v1", value = value } },
                   nodes = { [input.current_host] = { roles = { app = {} } } } }
        end }
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var changes = Options.Int(args, "--changes", 50);
        var root = Directory.CreateTempSubdirectory("verwalter-bench-apply-");
        try
        {
            var config = Path.Combine(root.FullName, "config");
            var output = Path.Combine(root.FullName, "out", "app.conf");
            Write(Path.Combine(config, "scheduler", "v1", "main.lua"), Scheduler);
            Write(Path.Combine(config, "runtime", "app.yaml"), "value: 0\n");
            Write(Path.Combine(config, "templates", "app", "v1", "app.render.yaml"),
                $"templates:\n  main: main.hbs\ncommands:\n- !Copy\n  src: \"{{{{ files.main }}}}\"\n  dest: {output}\n");
            Write(Path.Combine(config, "templates", "app", "v1", "main.hbs"), "value={{ value }}\n");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            Directory.CreateDirectory(Path.Combine(config, "sandbox"));

            using var daemon = StartDaemon(config, root.FullName);
            await WaitUntilAsync(() => Read(output) == "value=0\n", TimeSpan.FromSeconds(60), "the first render");
            var times = new double[changes];
            for (var i = 1; i <= changes; i++)
            {
                var expected = $"value={i}\n";
                var started = Stopwatch.GetTimestamp();
                File.WriteAllText(Path.Combine(config, "runtime", "app.yaml"), $"value: {i}\n");
                await WaitUntilAsync(() => Read(output) == expected, TimeSpan.FromSeconds(30), $"change {i}");
                times[i - 1] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            daemon.Kill(entireProcessTree: true);
            Array.Sort(times);
            Console.WriteLine($"change-to-applied (real daemon, runtime file written -> rendered file replaced), {changes} changes:");
            Console.WriteLine("| variant | median ms | p99 ms |");
            Console.WriteLine("| --- | ---: | ---: |");
            Console.WriteLine($"| verwalter daemon (150 ms debounce + schedule + render + !Copy) | {Options.Percentile(times, 0.5):F0} | {Options.Percentile(times, 0.99):F0} |");
            Console.WriteLine($"goal median <= 300 ms: {(Options.Percentile(times, 0.5) <= 300 ? "met" : "NOT met")}");
            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    /// <summary>A real <c>verwalter daemon</c> (host name <c>bench</c>) on <paramref name="port"/>, or a free loopback port.</summary>
    internal static Process StartDaemon(string config, string root, int? port = null)
    {
        port ??= FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "verwalter.dll"), "daemon", "--config-dir", config,
            "--storage-dir", Path.Combine(root, "storage"), "--log-dir", Path.Combine(root, "log"),
            "--port", port.Value.ToString(CultureInfo.InvariantCulture), "--hostname", "bench",
        })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);
        }
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
