using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Durability;

/// <summary>Faults injected into a real daemon: a full storage tmpfs, restarts, SIGTERM during a render command, libfaketime jumps.</summary>
public sealed partial class DaemonFaultTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    private const string Scheduler = """
        return {
          scheduler = function(input)
            local gen = 0
            if input.runtime.app and input.runtime.app.v1 then gen = input.runtime.app.v1.gen end
            return { gen = gen, roles = { app = { template = "app/v1", gen = gen } }, nodes = { alpha = { roles = { app = {} } } } }
          end
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-daemon-faults-");

    public DaemonFaultTests()
    {
        Write("scheduler/v1/main.lua", Scheduler);
        Write("runtime/app/v1.yaml", "gen: 1\n");
        Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.txt.hbs\ncommands:\n- !Copy\n  src: \"{{ files.main }}\"\n  dest: " + Out + "/app.conf\n");
        Write("templates/app/v1/main.txt.hbs", "gen={{ gen }}\n");
        Directory.CreateDirectory(Out);
        Directory.CreateDirectory(Path.Combine(ConfigDir, "sandbox"));
    }

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string StorageDir => Path.Combine(_root.FullName, "storage");

    private string LogDir => Path.Combine(_root.FullName, "log");

    private string Out => Path.Combine(_root.FullName, "out");

    [RootFact]
    public async Task FullStorageDisk_SchedulingAndServingGoOn_FaultReported_StoredFileCatchesUp()
    {
        using var tmpfs = new TmpfsMount(512);
        await using var daemon = DaemonProcess.Start(ConfigDir, tmpfs.Root, LogDir);
        await WaitForGen(daemon, 1);
        var stored = Path.Combine(tmpfs.Root, "schedule", "schedule.json");
        await Eventually.WaitAsync(() => Task.FromResult(File.Exists(stored)), Timeout, "the stored schedule");
        tmpfs.Fill();

        Write("runtime/app/v1.yaml", "gen: 2\n");
        var served = await WaitForGen(daemon, 2);
        var status = await WaitForJson(daemon, "/v1/status", s => s["errors"]!.AsObject().Any(e => e.Key.StartsWith("storage:", StringComparison.Ordinal)), "a storage error in status");
        var error = status["errors"]!.AsObject().Single(e => e.Key.StartsWith("storage:", StringComparison.Ordinal));
        Assert.Equal("storage:" + stored, error.Key);
        Assert.Contains("ENOSPC", error.Value!.GetValue<string>(), StringComparison.Ordinal);
        using (var ready = await daemon.Http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Contains("ENOSPC", body["degraded"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Contains("verwalter_storage_faults{area=\"schedule\"} 1", await daemon.Http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(Path.GetDirectoryName(stored)!), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        await WaitForFile(Path.Combine(Out, "app.conf"), "gen=2\n");

        tmpfs.Free();
        await Eventually.WaitAsync(
            () => Task.FromResult(Schedule.Parse(File.ReadAllBytes(stored)).Hash == served["hash"]!.GetValue<string>()), Timeout, "the stored file catching up");
        await WaitForJson(daemon, "/v1/status", s => s["errors"]!.AsObject().Count == 0, "the storage error clearing");
    }

    [Fact]
    public async Task Restart_WithValidStoredSchedule_FirstAnswerIs200()
    {
        string hash;
        await using (var first = DaemonProcess.Start(ConfigDir, StorageDir, LogDir))
        {
            hash = (await WaitForGen(first, 1))["hash"]!.GetValue<string>();
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(Path.Combine(StorageDir, "schedule", "schedule.json"))), Timeout, "the stored schedule");
            Assert.Equal(0, await first.TerminateAsync(Timeout));
        }

        await using var second = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        // The first HTTP answer the restarted daemon gives (connection refused until it listens) must be 200.
        using var response = await Eventually.WaitAsync<HttpResponseMessage>(
            async () =>
            {
                try
                {
                    return await second.Http.GetAsync("/v1/schedule");
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            Timeout,
            "the restarted daemon's first answer");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hash, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Sigterm_DuringARenderCommand_EndsTheActionAndDeploymentAndTheRoleIsAppliedAfterRestart()
    {
        var marker = Path.Combine(Out, "running");
        Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.txt.hbs\ncommands:\n- !Sh \"echo started > " + marker + "; exec sleep 60\"\n");
        await using (var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir))
        {
            await Eventually.WaitAsync(() => Task.FromResult(File.Exists(marker)), Timeout, "the render command running");
            Assert.Equal(0, await daemon.TerminateAsync(Timeout));
        }

        var index = File.ReadAllLines(Path.Combine(LogDir, ".index", "latest"));
        Assert.All(index, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(index, l => l.Contains("\"ActionFinish\"", StringComparison.Ordinal) && l.Contains("app.render.yaml", StringComparison.Ordinal));
        Assert.Contains("\"DeploymentError\"", index[^1], StringComparison.Ordinal);
        var roleLog = File.ReadAllText(Path.Combine(LogDir, "app", "latest"));
        Assert.Contains("Command cancelled: the daemon is stopping", roleLog, StringComparison.Ordinal);
        Assert.Contains("cancelled", File.ReadAllText(Path.Combine(LogDir, ".global", "latest")), StringComparison.Ordinal);
        Assert.False(SleepStillRunning(), "the render command outlived the daemon");

        File.Delete(marker);
        Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.txt.hbs\ncommands:\n- !Copy\n  src: \"{{ files.main }}\"\n  dest: " + Out + "/app.conf\n");
        await using var restarted = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        await WaitForFile(Path.Combine(Out, "app.conf"), "gen=1\n");
    }

    [Fact]
    public async Task Libfaketime_WallClockJumpsBackAnHourAndForwardADay_LoopsGoOnAndNewSchedulesComeOut()
    {
        var library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
        Assert.True(File.Exists(library), "libfaketime is missing: tests/run.sh installs the faketime package");
        var control = Path.Combine(_root.FullName, "faketime");
        File.WriteAllText(control, "+0\n");
        var environment = new Dictionary<string, string>
        {
            ["LD_PRELOAD"] = library,
            ["FAKETIME_TIMESTAMP_FILE"] = control,
            ["FAKETIME_NO_CACHE"] = "1",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
        };
        await using var daemon = DaemonProcess.StartWith(environment, ConfigDir, StorageDir, LogDir);
        await WaitForGen(daemon, 1);

        var gen = 1;
        foreach (var offset in new[] { "-1h", "+1d", "+0" })
        {
            File.WriteAllText(control, offset + "\n");
            var before = await Passes(daemon, "peers");
            await Eventually.WaitAsync(async () => await Passes(daemon, "peers") >= before + 3, Timeout, $"peers loop passes after the jump to {offset}");
            Write("runtime/app/v1.yaml", $"gen: {++gen}\n");
            var schedule = await WaitForGen(daemon, gen);

            // The new schedule is stamped with the daemon's (faked) wall clock: proof the jump reached it.
            var skew = DateTimeOffset.FromUnixTimeMilliseconds(schedule["timestamp"]!.GetValue<long>()) - TimeProvider.System.GetUtcNow();
            var expected = offset switch { "-1h" => TimeSpan.FromHours(-1), "+1d" => TimeSpan.FromDays(1), _ => TimeSpan.Zero };
            Assert.InRange(skew, expected - TimeSpan.FromMinutes(2), expected + TimeSpan.FromMinutes(2));
            using var ready = await daemon.Http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.False(daemon.HasExited);
    }

    private static async Task<long> Passes(DaemonProcess daemon, string loop)
    {
        var metrics = await daemon.Http.GetStringAsync("/metrics");
        return ReconcileLine().Matches(metrics)
            .Where(m => m.Groups["controller"].Value == loop)
            .Sum(m => (long)double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    private static bool SleepStillRunning() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Any(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').StartsWith("sleep 60", StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static Task<JsonNode> WaitForGen(DaemonProcess daemon, int gen) =>
        WaitForJson(daemon, "/v1/schedule", s => s["data"]?["gen"]?.GetValue<long>() == gen, $"a schedule with gen {gen}");

    private static Task<JsonNode> WaitForJson(DaemonProcess daemon, string path, Func<JsonNode, bool> condition, string what) =>
        Eventually.WaitAsync(
            async () =>
            {
                using var response = await daemon.Http.GetAsync(path);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return null;
                }

                var node = JsonNode.Parse(await response.Content.ReadAsStringAsync());
                return node is not null && condition(node) ? node : null;
            },
            Timeout,
            what + Environment.NewLine + daemon.Output);

    private static Task WaitForFile(string path, string content) =>
        Eventually.WaitAsync(() => Task.FromResult(File.Exists(path) && File.ReadAllText(path) == content), Timeout, $"{path} to hold {content.Trim()}");

    private void Write(string relative, string content)
    {
        var path = Path.Combine(ConfigDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [GeneratedRegex("^verwalter_reconcile_total\\{(?=[^}]*controller=\"(?<controller>[^\"]+)\")[^}]*\\} (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex ReconcileLine();

    public void Dispose() => _root.Delete(recursive: true);
}
