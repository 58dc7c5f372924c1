using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Benchmarks;

/// <summary>
/// The real <c>verwalter supervisor</c> (bubblewrap sandboxes from a busybox image) against Debian's
/// supervisord on the same workloads, in the same run:
/// (1) crash → restarted-process-running latency: the command is SIGKILLed once restart-timeout has
/// passed, and the clock stops when the new process has touched a file (seen through inotify);
/// (2) the supervisor's RSS and idle CPU while it keeps N processes (default 500) running.
/// Ours runs twice: handing over to the natively compiled <c>verwalter-supervisor</c> (the shipped
/// default; <c>--native PATH</c>, else <c>VERWALTER_SUPERVISOR_EXE</c>, else where tests/run.sh
/// publishes it) and managed in <c>dotnet</c>. Needs root, bwrap, busybox-static and supervisor.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class SupervisorBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var crashes = Options.Int(args, "--crashes", 50);
        var idle = Options.Int(args, "--processes", 500);
        var idleSeconds = Options.Int(args, "--idle-seconds", 10);
        var root = Directory.CreateTempSubdirectory("verwalter-bench-sup-");
        try
        {
            File.SetUnixFileMode(root.FullName, (UnixFileMode)0b111_101_101);
            var named = Environment.GetEnvironmentVariable("VERWALTER_SUPERVISOR_EXE");
            var native = Options.String(args, "--native")
                ?? (string.IsNullOrEmpty(named) ? Path.GetFullPath("api/Supervisor/bin/native/verwalter-supervisor") : named);
            if (!File.Exists(native))
            {
                await Console.Error.WriteLineAsync($"supervisor: no native supervisor at {native}; publish it first: dotnet publish api/Supervisor -c Release -r linux-x64 -o api/Supervisor/bin/native (or pass --native PATH)");
                return 2;
            }

            var ours = await OursAsync(root.FullName, "ours", crashes, idle, idleSeconds, new() { ["VERWALTER_SUPERVISOR_EXE"] = native });
            var managed = await OursAsync(root.FullName, "ours-managed", crashes, idle, idleSeconds, new() { ["VERWALTER_SUPERVISOR_EXE"] = "" });
            var theirs = await SupervisordAsync(root.FullName, crashes, idle, idleSeconds);
            Print(crashes, idle, idleSeconds, ours, managed, theirs);
            return 0;
        }
        finally
        {
            KillUnder(root.FullName);
            root.Delete(recursive: true);
        }
    }

    private sealed record Figures(double[] LatenciesMs, double RssMiB, double IdleCpuPercent, double StartAllSeconds, double AnonMiB = 0);

    private static async Task<Figures> OursAsync(string root, string name, int crashes, int idle, int idleSeconds, Dictionary<string, string> env)
    {
        var dir = Path.Combine(root, name);
        var data = Path.Combine(dir, "data");
        var image = Path.Combine(dir, "images", "busybox");
        foreach (var d in new[] { "sandboxes", "processes", "run", "log", "data" })
        {
            Directory.CreateDirectory(Path.Combine(dir, d));
        }

        BuildImage(image);
        File.WriteAllText(Path.Combine(image, "crash.yaml"), Container("touch /data/ready; exec sleep 100000"));
        File.WriteAllText(Path.Combine(image, "idle.yaml"), Container("exec sleep 100000"));
        File.WriteAllText(Path.Combine(dir, "master.yaml"), $"runtime-dir: {dir}/run\nstdio-log-dir: {dir}/log\ndefault-log-dir: {dir}/log\nconfig-log-dir: null\ncgroup-name: null\n");
        File.WriteAllText(Path.Combine(dir, "sandboxes", "bench.yaml"), $"image-dir: {dir}/images\nallow-users: [0]\nallow-groups: [0]\ndefault-user: 0\nwritable-paths: {{/data: {data}}}\n");
        var processes = Path.Combine(dir, "processes", "bench.yaml");
        File.WriteAllText(processes, "crash: {image: busybox, config: /crash.yaml}\n");
        OpenUp(dir);

        var supervisor = StartDotnet([Path.Combine(AppContext.BaseDirectory, "verwalter.dll"), "supervisor", "--config", Path.Combine(dir, "master.yaml")],
            new(env) { ["Verwalter__Supervisor__StableRun"] = "00:00:00.400", ["Verwalter__Supervisor__StatusInterval"] = "00:00:00.050" });
        try
        {
            var status = Path.Combine(dir, "run", "status.json");
            var latencies = await CrashLoopAsync(crashes, data, () =>
            {
                var pid = ReadStatus(status)?.Instances.FirstOrDefault(i => i.State == "running")?.Pid;
                return pid is null ? null : CommandOf(pid.Value);
            });

            File.WriteAllText(processes, $"idle: {{image: busybox, config: /idle.yaml, instances: {idle}}}\n");
            var started = Stopwatch.GetTimestamp();
            _ = Kill(supervisor.Id, 1);
            await WaitAsync(() => ReadStatus(status) is { } s && s.Instances.Count(i => i.State == "running" && i.Name.StartsWith("bench/idle.", StringComparison.Ordinal)) == idle && s.Instances.Count == idle, TimeSpan.FromMinutes(5));
            var startAll = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var (rss, cpu, anon) = await IdleAsync(supervisor.Id, idleSeconds);
            return new Figures(latencies, rss, cpu, startAll, anon);
        }
        finally
        {
            _ = Kill(supervisor.Id, 15);
            await supervisor.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        }
    }

    private static async Task<Figures> SupervisordAsync(string root, int crashes, int idle, int idleSeconds)
    {
        var dir = Path.Combine(root, "supervisord");
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(data);
        var config = Path.Combine(dir, "supervisord.conf");
        string Conf(string programs) => $"""
            [supervisord]
            nodaemon=true
            logfile={dir}/supervisord.log
            pidfile={dir}/supervisord.pid
            childlogdir={dir}
            minfds=8192
            loglevel=warn

            {programs}
            """;
        File.WriteAllText(config, Conf($"[program:crash]\ncommand=/bin/sh -c 'touch {data}/ready; exec sleep 100000'\nautorestart=true\nstartsecs=0\nstartretries=1000000\nstdout_logfile=NONE\nstderr_logfile=NONE\n"));
        var latencies = await RunSupervisordAsync(config, async pid => await CrashLoopAsync(crashes, data, () =>
            ProcStatAll().FirstOrDefault(p => p.ParentPid == pid && Comm(p.Pid) == "sleep") is { Pid: > 0 } s ? s.Pid : null));

        File.WriteAllText(config, Conf($"[program:idle]\ncommand=/bin/sleep 100000\nprocess_name=%(program_name)s_%(process_num)03d\nnumprocs={idle}\nautorestart=true\nstartsecs=0\nstdout_logfile=NONE\nstderr_logfile=NONE\n"));
        var startAll = 0.0;
        var (rss, cpu, anon) = await RunSupervisordAsync(config, async pid =>
        {
            var started = Stopwatch.GetTimestamp();
            await WaitAsync(() => ProcStatAll().Count(p => p.ParentPid == pid) == idle, TimeSpan.FromMinutes(5));
            startAll = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return await IdleAsync(pid, idleSeconds);
        });
        return new Figures(latencies, rss, cpu, startAll, anon);
    }

    private static async Task<T> RunSupervisordAsync<T>(string config, Func<int, Task<T>> body)
    {
        var process = StartProcess("/usr/bin/supervisord", ["-c", config], []);
        try
        {
            return await body(process.Id);
        }
        finally
        {
            _ = Kill(process.Id, 15);
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        }
    }

    /// <summary>Kills the running command <paramref name="crashes"/> times, each once it has run 0.6 s, and times until the new one touched <c>ready</c>.</summary>
    private static async Task<double[]> CrashLoopAsync(int crashes, string data, Func<int?> command)
    {
        var ready = Path.Combine(data, "ready");
        var latencies = new double[crashes];
        using var watcher = new FileSystemWatcher(data, "ready") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        var signal = new SemaphoreSlim(0);
        watcher.Created += (_, _) => signal.Release();
        watcher.EnableRaisingEvents = true;
        await WaitAsync(() => File.Exists(ready) && command() is not null, TimeSpan.FromSeconds(60));
        for (var i = 0; i < crashes; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600), TimeProvider.System);
            var pid = await WaitForAsync(command, TimeSpan.FromSeconds(30));
            File.Delete(ready);
            while (signal.CurrentCount > 0)
            {
                await signal.WaitAsync();
            }

            var started = Stopwatch.GetTimestamp();
            _ = Kill(pid, 9);
            if (!await signal.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("the crashed process was not restarted within 30 s");
            }

            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        return latencies;
    }

    /// <summary>RSS (MiB) now and CPU over <paramref name="seconds"/> of idling, in % of one core.</summary>
    private static async Task<(double RssMiB, double CpuPercent, double AnonMiB)> IdleAsync(int pid, int seconds)
    {
        await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
        var before = CpuTicks(pid);
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds), TimeProvider.System);
        var ticks = CpuTicks(pid) - before;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var rss = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = double.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var anon = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        var anonKib = double.Parse(anon.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (kib / 1024, ticks / 100.0 / elapsed * 100, anonKib / 1024);
    }

    private static long CpuTicks(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static void Print(int crashes, int idle, int idleSeconds, Figures ours, Figures managed, Figures theirs)
    {
        Array.Sort(managed.LatenciesMs);
        Array.Sort(ours.LatenciesMs);
        Array.Sort(theirs.LatenciesMs);
        double Median(Figures f) => Options.Percentile(f.LatenciesMs, 0.5);
        double P99(Figures f) => Options.Percentile(f.LatenciesMs, 0.99);
        Console.WriteLine($"crash -> restarted-process-running latency ({crashes} SIGKILLs, each after restart-timeout had passed), and {idle} idle processes ({idleSeconds} s of idle CPU):");
        Console.WriteLine("| supervisor | restart median ms | restart p99 ms | RSS with N processes MiB | of it anonymous MiB | idle CPU % of a core | start all N s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine($"| verwalter supervisor, native verwalter-supervisor (bwrap sandbox per process) | {Median(ours):F1} | {P99(ours):F1} | {ours.RssMiB:F1} | {ours.AnonMiB:F1} | {ours.IdleCpuPercent:F2} | {ours.StartAllSeconds:F1} |");
        Console.WriteLine($"| verwalter supervisor --managed (JIT, in dotnet) | {Median(managed):F1} | {P99(managed):F1} | {managed.RssMiB:F1} | {managed.AnonMiB:F1} | {managed.IdleCpuPercent:F2} | {managed.StartAllSeconds:F1} |");
        Console.WriteLine($"| supervisord 4.2 (no sandbox) | {Median(theirs):F1} | {P99(theirs):F1} | {theirs.RssMiB:F1} | {theirs.AnonMiB:F1} | {theirs.IdleCpuPercent:F2} | {theirs.StartAllSeconds:F1} |");
        Console.WriteLine($"ratios (verwalter / supervisord): restart median {Median(ours) / Median(theirs):F2}x, p99 {P99(ours) / P99(theirs):F2}x, RSS {ours.RssMiB / theirs.RssMiB:F2}x, idle CPU {(theirs.IdleCpuPercent > 0 ? (ours.IdleCpuPercent / theirs.IdleCpuPercent).ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a (supervisord 0)")}");
        Console.WriteLine($"ratios (verwalter managed / supervisord): RSS {managed.RssMiB / theirs.RssMiB:F2}x, restart median {Median(managed) / Median(theirs):F2}x");
        Console.WriteLine($"goals (native / managed): restart median <= 50 ms {Met(Median(ours) <= 50)} / {Met(Median(managed) <= 50)}; RSS <= 60 MB {Met(ours.RssMiB * 1.048576 <= 60)} / {Met(managed.RssMiB * 1.048576 <= 60)}; idle CPU <= 1 % {Met(ours.IdleCpuPercent <= 1)} / {Met(managed.IdleCpuPercent <= 1)}");
        static string Met(bool met) => met ? "met" : "NOT met";
    }

    private static string Container(string script) => $"""
        executable: /bin/sh
        arguments: [-c, "{script}"]
        restart-timeout: 0.5
        kill-timeout: 2
        volumes:
          /data: !Persistent /data
        """;

    private static void BuildImage(string image)
    {
        foreach (var d in new[] { "bin", "tmp", "proc", "dev", "etc", "data" })
        {
            Directory.CreateDirectory(Path.Combine(image, d));
        }

        File.Copy("/bin/busybox", Path.Combine(image, "bin", "busybox"));
        foreach (var applet in new[] { "sh", "sleep", "touch" })
        {
            File.CreateSymbolicLink(Path.Combine(image, "bin", applet), "busybox");
        }
    }

    private static void OpenUp(string dir)
    {
        foreach (var sub in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Append(dir))
        {
            if (new DirectoryInfo(sub).LinkTarget is null)
            {
                File.SetUnixFileMode(sub, (UnixFileMode)0b111_101_101);
            }
        }
    }

    private static SupervisorStatus? ReadStatus(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), SupervisorJsonContext.Default.SupervisorStatus);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static int? CommandOf(int bwrap)
    {
        var table = ProcStatAll();
        var init = table.FirstOrDefault(p => p.ParentPid == bwrap);
        return init.Pid == 0 ? null : table.FirstOrDefault(p => p.ParentPid == init.Pid) is { Pid: > 0 } c ? c.Pid : null;
    }

    private static List<ProcStat> ProcStatAll() => ProcStat.All();

    private static string Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout) =>
        await WaitForAsync(() => condition() ? 1 : null, timeout);

    private static async Task<int> WaitForAsync(Func<int?> probe, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        throw new TimeoutException($"condition not met within {timeout.TotalSeconds} s");
    }

    private static Process StartDotnet(IEnumerable<string> args, Dictionary<string, string> env) => StartProcess("dotnet", args, env);

    private static Process StartProcess(string program, IEnumerable<string> args, Dictionary<string, string> env)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = false, RedirectStandardError = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
    }

    private static int Kill(int pid, int signal) => LinuxNative.kill(pid, signal);

    private static void KillUnder(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && pid != Environment.ProcessId)
            {
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(root, StringComparison.Ordinal))
                    {
                        _ = Kill(pid, 9);
                    }
                }
                catch (IOException)
                {
                }
            }
        }
    }
}
