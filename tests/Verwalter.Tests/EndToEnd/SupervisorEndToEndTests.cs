using System.Diagnostics;
using System.Text.Json.Nodes;
using Verwalter.Tests.Supervision.Real;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>
/// The whole chain on the realistic example, as <c>runtime-examples/realistic/run.sh</c> runs it:
/// a real daemon with <c>--supervisor embedded</c> schedules, renders a lithos processes file per
/// role, applies it with <c>verwalter switch</c> (through <c>$VERWALTER_EXE</c>), and the supervisor
/// runs real bubblewrap sandboxes from the image <c>lithos/build-image.sh</c> builds. Editing
/// runtime files changes the schedule, and processes are started, restarted and stopped.
/// Runs as root (CI does); kills everything under its temp root even when it fails.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class SupervisorEndToEndTests : IDisposable
{
    private const string ExampleRoot = "/tmp/verwalter-example";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-wire-e2e-");

    public SupervisorEndToEndTests()
    {
        TestImage.OpenUp(_root.FullName);
        CopyTree(Path.Combine(RepositoryPaths.Examples, "realistic"), ConfigDir);
        foreach (var file in Directory.EnumerateFiles(ConfigDir, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            if (text.Contains(ExampleRoot, StringComparison.Ordinal))
            {
                File.WriteAllText(file, text.Replace(ExampleRoot, Out, StringComparison.Ordinal));
            }
        }
    }

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string Out => Path.Combine(_root.FullName, "out");

    private string Master => Path.Combine(ConfigDir, "lithos", "master.yaml");

    private string RuntimeDir => Path.Combine(Out, "lithos", "run");

    public void Dispose()
    {
        RealCleanup.KillEverythingUnder(_root.FullName, RuntimeDir);
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Daemon_EmbeddedSupervisor_ScheduleChangesStartRestartAndStopRealProcesses()
    {
        Assert.True(TestImage.Available, "busybox-static and bubblewrap are needed (tests/run.sh installs them)");
        Assert.Equal(0, await BuildImage());
        var check = await CliRun.RunAsync("lithos-check", "--config", Master);
        Assert.True(check.ExitCode == 0, "lithos-check on the example's tree: " + check.Stdout + check.Stderr);

        await using var daemon = DaemonProcess.Start(
            ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"),
            "--supervisor", "embedded", "--supervisor-config", Master);
        try
        {
            await ScheduleDrivesProcesses(daemon);
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(ex.Message + "\n--- daemon output ---\n" + daemon.Output);
        }
    }

    private async Task ScheduleDrivesProcesses(DaemonProcess daemon)
    {
        // Fresh node: web v1.10.0 ×4, worker v2.0.0 ×3, cache v3.2.1 ×1 (max one per node).
        var first = await WaitInstances(daemon, new() { ["web"] = 4, ["worker"] = 3, ["cache"] = 1 }, "the first schedule's processes running");
        foreach (var (name, pid) in first)
        {
            Assert.True(ContainerProcesses.Alive(pid), name + " is not alive");
        }

        await WaitHeartbeat("web", "web.0", "web v1.10.0 port 8080");
        await WaitHeartbeat("worker", "worker.2", "worker v2.0.0");
        await WaitHeartbeat("cache", "cache.0", "cache v3.2.1 port 11211");
        Assert.Contains("instances: 4", File.ReadAllText(Path.Combine(Out, "lithos", "processes", "web.yaml")), StringComparison.Ordinal);

        // Two caches allowed per node: one more cache instance is started, nothing else changes.
        EditRuntime("cache/v3.2.1.yml", "\"max_per_node\": 1", "\"max_per_node\": 2");
        var scaledUp = await WaitInstances(daemon, new() { ["web"] = 4, ["worker"] = 3, ["cache"] = 2 }, "a second cache instance");
        await WaitHeartbeat("cache", "cache.1", "cache v3.2.1");
        Assert.All(first, kv => Assert.Equal(kv.Value, scaledUp[kv.Key]));

        // web's current version leaves runtime/: the scheduler falls back to v1.2.0, every web
        // instance is restarted with the new VERSION, the other roles keep their processes.
        File.Delete(Path.Combine(ConfigDir, "runtime", "web", "v1.10.0.yaml"));
        var restarted = await WaitInstances(daemon, new() { ["web"] = 4, ["worker"] = 3, ["cache"] = 2 }, "web restarted on v1.2.0",
            pids => Enumerable.Range(0, 4).All(i => pids[$"web/web.{i}"] != first[$"web/web.{i}"]));
        for (var i = 0; i < 4; i++)
        {
            await WaitHeartbeat("web", $"web.{i}", "web v1.2.0");
        }

        await WaitGone(Enumerable.Range(0, 4).Select(i => first[$"web/web.{i}"]), "the old web processes exited");
        Assert.All(restarted.Where(kv => !kv.Key.StartsWith("web/", StringComparison.Ordinal)), kv => Assert.Equal(scaledUp[kv.Key], kv.Value));

        // Back to one cache per node: cache.1 is stopped, cache.0 keeps running.
        EditRuntime("cache/v3.2.1.yml", "\"max_per_node\": 2", "\"max_per_node\": 1");
        var scaledDown = await WaitInstances(daemon, new() { ["web"] = 4, ["worker"] = 3, ["cache"] = 1 }, "cache.1 stopped");
        await WaitGone([scaledUp["cache/cache.1"]], "cache.1's process exited");
        Assert.Equal(scaledUp["cache/cache.0"], scaledDown["cache/cache.0"]);

        // `verwalter ps --json` reads the supervisor's status file, which is written at most every
        // 250 ms, so it may trail /v1/status for a moment.
        await Eventually.WaitAsync(async () =>
        {
            var ps = await CliRun.RunAsync("ps", "--config", Master, "--json");
            Assert.True(ps.ExitCode == 0, ps.Stdout + ps.Stderr);
            var instances = JsonNode.Parse(ps.Stdout)!["instances"]!.AsArray();
            return instances.Count == 8 && instances.All(i => (string?)i!["state"] == "running");
        }, Timeout, "verwalter ps --json listing the 8 running instances");

        // A template that renders a file the supervisor refuses: `switch` fails the web role,
        // the installed file stays as it was and no web process is touched.
        var installed = File.ReadAllText(Path.Combine(Out, "lithos", "processes", "web.yaml"));
        var template = Path.Combine(ConfigDir, "templates", "web", "v1", "processes.yaml.hbs");
        File.WriteAllText(template, File.ReadAllText(template).Replace("\"{{ ports.http }}\"", "\"99999\"", StringComparison.Ordinal));
        var status = await Eventually.WaitAsync(async () =>
        {
            var s = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))!;
            return s["failed_roles"]!.AsArray().Count > 0 ? s : null;
        }, Timeout, "web marked failed");
        Assert.Equal(["web"], status["failed_roles"]!.AsArray().Select(r => (string?)r));
        Assert.Equal(installed, File.ReadAllText(Path.Combine(Out, "lithos", "processes", "web.yaml")));
        var after = await WaitInstances(daemon, new() { ["web"] = 4, ["worker"] = 3, ["cache"] = 1 }, "every instance still running");
        Assert.All(scaledDown, kv => Assert.Equal(kv.Value, after[kv.Key]));
    }

    /// <summary>Waits until /v1/status lists exactly these running instances per sandbox; returns name → pid.</summary>
    private static Task<Dictionary<string, int>> WaitInstances(DaemonProcess daemon, Dictionary<string, int> counts, string what, Func<Dictionary<string, int>, bool>? also = null) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited");
            var sandboxes = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))?["supervisor"]?["sandboxes"];
            var pids = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (sandbox, count) in counts)
            {
                var list = sandboxes?[sandbox]?.AsArray();
                if (list is null || list.Count != count || !list.All(i => (string?)i!["state"] == "running" && i["pid"] is not null))
                {
                    return null;
                }

                foreach (var instance in list)
                {
                    pids[(string)instance!["name"]!] = (int)instance["pid"]!;
                }
            }

            return also is null || also(pids) ? pids : null;
        }, Timeout, what);

    /// <summary>The instance's heartbeat file (in its !Statedir) is fresh and says <paramref name="text"/>.</summary>
    private Task WaitHeartbeat(string sandbox, string instance, string text)
    {
        var path = Path.Combine(RuntimeDir, "state", sandbox, instance, "heartbeat");
        return Eventually.WaitAsync(() => Task.FromResult(File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal)), Timeout, $"{path} saying '{text}'");
    }

    private static Task WaitGone(IEnumerable<int> pids, string what) =>
        Eventually.WaitAsync(() => Task.FromResult(!pids.Any(ContainerProcesses.Alive)), Timeout, what);

    private void EditRuntime(string file, string from, string to)
    {
        var path = Path.Combine(ConfigDir, "runtime", file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    private async Task<int> BuildImage()
    {
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ConfigDir, "lithos", "build-image.sh"));
        info.ArgumentList.Add(Path.Combine(Out, "lithos", "images"));
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "build-image.sh: " + await stderr);
        TestImage.OpenUp(Out);
        return process.ExitCode;
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }
}
