using System.Net;
using System.Text.Json.Nodes;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>The real <c>verwalter daemon</c> process on a temporary config tree.</summary>
public sealed class DaemonEndToEndTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string EchoScheduler = """
        return {
          scheduler = function(input)
            local out = { runtime = input.runtime, parents = #input.parents, host = input.current_host, tag = "v1" }
            print("scheduled for " .. input.current_host)
            return out
          end
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-e2e-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string StorageDir => Path.Combine(_root.FullName, "storage");

    private string LogDir => Path.Combine(_root.FullName, "log");

    public DaemonEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(ConfigDir, "scheduler", "v1"));
        Directory.CreateDirectory(Path.Combine(ConfigDir, "runtime", "web"));
        Directory.CreateDirectory(Path.Combine(ConfigDir, "sandbox"));
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), EchoScheduler);
        File.WriteAllText(Path.Combine(ConfigDir, "runtime", "web", "v1.yaml"), "image: web-v1\ninstances: 2\n");
    }

    [Fact]
    public async Task Daemon_RuntimeAndSchedulerEdits_RescheduleAndKeepLastGoodOnErrors()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        var first = await WaitForSchedule(daemon, d => d["runtime"]?["web"]?["v1"]?["instances"]?.GetValue<int>() == 2, "the first schedule");
        Assert.Equal("alpha", first["data"]!["host"]!.GetValue<string>());

        File.WriteAllText(Path.Combine(ConfigDir, "runtime", "web", "v2.yaml"), "image: web-v2\ninstances: 3\n");
        var second = await WaitForSchedule(daemon, d => d["runtime"]?["web"]?["v2"] is not null, "a schedule with runtime web.v2");
        Assert.NotEqual(first["hash"]!.GetValue<string>(), second["hash"]!.GetValue<string>());
        Assert.Equal(1, second["data"]!["parents"]!.GetValue<int>());

        File.WriteAllText(Path.Combine(ConfigDir, "runtime", "web", "broken.yaml"), "image: [unclosed\n");
        var status = await WaitForStatus(daemon, s => s["errors"]?["runtime"] is not null, "a runtime error in status");
        Assert.Contains("runtime/web/broken.yaml:", status["errors"]!["runtime"]!.GetValue<string>());
        var afterBroken = await Get(daemon, "/v1/schedule");
        Assert.NotNull(afterBroken!["data"]!["runtime"]!["web"]!["v2"]);

        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), "return {\n  scheduler = function(input)\n    return {\n  end\n}\n");
        status = await WaitForStatus(daemon, s => s["errors"]?["scheduler_load"] is not null, "a scheduler_load error");
        Assert.Contains("main.lua:", status["errors"]!["scheduler_load"]!.GetValue<string>());
        Assert.Equal(second["hash"]!.GetValue<string>(), status["schedule_id"]!.GetValue<string>());

        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), EchoScheduler.Replace("\"v1\"", "\"v2\"", StringComparison.Ordinal));
        var third = await WaitForSchedule(daemon, d => d["tag"]?.GetValue<string>() == "v2", "a schedule from the fixed scheduler");
        var stored = Schedule.Parse(File.ReadAllBytes(Path.Combine(StorageDir, "schedule", "schedule.json")));
        Assert.Equal(third["hash"]!.GetValue<string>(), stored.Hash);

        var metrics = await daemon.Http.GetStringAsync("/metrics");
        Assert.Contains("verwalter_scheduler_runs_total{result=\"success\"}", metrics);
        Assert.Contains("verwalter_reconcile_total{controller=\"schedule\"", metrics);
        Assert.Contains("verwalter_config_problems 1", metrics);
        var promtool = await Api.Metrics.Promtool.CheckMetricsAsync(metrics, CancellationToken.None);
        Assert.True(promtool.ExitCode == 0, promtool.StandardOutput + promtool.StandardError);
    }

    [Fact]
    public async Task Daemon_HttpSurface_ServesStatusHealthAndSuffixes()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        await WaitForSchedule(daemon, d => d["tag"] is not null, "the first schedule");

        using var ready = await daemon.Http.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ok\n", await daemon.Http.GetStringAsync("/healthz"));
        var pretty = await daemon.Http.GetStringAsync("/v1/status.pretty");
        Assert.Contains("\n  \"version\": ", pretty, StringComparison.Ordinal);
        var status = JsonNode.Parse(pretty)!;
        Assert.Equal("0123456789abcdef0123456789abcdef", status["id"]!.GetValue<string>());
        Assert.Equal("ok", status["schedule_status"]!.GetValue<string>());
        Assert.Equal(0, status["num_errors"]!.GetValue<int>());
        Assert.Contains(status["loops"]!.AsArray(), l => l!["name"]!.GetValue<string>() == "config" && l["last_success"] is not null);
        var version = (await CliRun.RunAsync("--version")).Stdout.Trim();
        Assert.Equal(version, status["version"]!.GetValue<string>());

        var input = await Get(daemon, "/v1/scheduler_input");
        Assert.Equal("alpha", input!["current_host"]!.GetValue<string>());
        Assert.Equal("web-v1", input["runtime"]!["web"]!["v1"]!["image"]!.GetValue<string>());
        Assert.Contains("scheduled for alpha", await daemon.Http.GetStringAsync("/v1/scheduler_debug_info"), StringComparison.Ordinal);
        using var missing = await daemon.Http.GetAsync("/v1/no_such_route");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Daemon_FailingSchedulerRun_KeepsLastScheduleAndReportsError()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        var first = await WaitForSchedule(daemon, d => d["tag"] is not null, "the first schedule");
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.lua"), "return { scheduler = function(i) while true do end end }\n");
        var status = await WaitForStatus(daemon, s => s["errors"]?["scheduler"] is not null, "a scheduler error");
        Assert.Equal(first["hash"]!.GetValue<string>(), status["schedule_id"]!.GetValue<string>());
        var debug = await daemon.Http.GetStringAsync("/v1/scheduler_debug_info");
        Assert.Contains("Error:", debug);
        Assert.False(daemon.HasExited);
    }

    [Fact]
    public async Task Daemon_Restart_LoadsStoredScheduleAsFirstParent()
    {
        string hash;
        await using (var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir))
        {
            var first = await WaitForSchedule(daemon, d => d["tag"] is not null, "the first schedule");
            hash = first["hash"]!.GetValue<string>();
            Assert.Equal(0, first["data"]!["parents"]!.GetValue<int>());
        }

        await using var restarted = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        var next = await WaitForSchedule(restarted, d => d["parents"]?.GetValue<int>() == 1, "a schedule with the stored one as parent");
        Assert.NotEqual(hash, next["hash"]!.GetValue<string>());
        var backups = await Get(restarted, "/v1/backups.pretty");
        Assert.Contains(backups!.AsArray(), b => b!.GetValue<string>().StartsWith("hourly-", StringComparison.Ordinal));
        var name = backups!.AsArray()[0]!.GetValue<string>();
        using var response = await restarted.Http.GetAsync($"/v1/backup/{name}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        using var notFound = await restarted.Http.GetAsync("/v1/backup/..%2Fschedule");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    private static async Task<JsonNode?> Get(DaemonProcess daemon, string path)
    {
        using var response = await daemon.Http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    private static Task<JsonNode> WaitForSchedule(DaemonProcess daemon, Func<JsonNode, bool> condition, string what) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var schedule = await Get(daemon, "/v1/schedule");
            return schedule?["data"] is { } data && condition(data) ? schedule : null;
        }, Timeout, what + "\n" + daemon.Output);

    private static Task<JsonNode> WaitForStatus(DaemonProcess daemon, Func<JsonNode, bool> condition, string what) =>
        Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var status = await Get(daemon, "/v1/status");
            return status is not null && condition(status) ? status : null;
        }, Timeout, what);

    public void Dispose() => _root.Delete(recursive: true);
}
