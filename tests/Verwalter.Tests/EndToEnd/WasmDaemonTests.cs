using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Verwalter.Tests.Scheduling.Wasm;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>The real <c>verwalter daemon</c> on a tree whose scheduler and query module are WebAssembly, built from WAT by <c>wat2wasm</c>.</summary>
public sealed class WasmDaemonTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-wasm-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string SchedulerDir => Path.Combine(ConfigDir, "scheduler", "v1");

    public WasmDaemonTests()
    {
        Directory.CreateDirectory(SchedulerDir);
        Directory.CreateDirectory(Path.Combine(ConfigDir, "runtime", "web"));
        File.WriteAllText(Path.Combine(ConfigDir, "runtime", "web", "v1.yaml"), "instances: 2\n");
    }

    [Fact]
    public async Task Daemon_WasmSchedulerAndQueryModule_ScheduleAndAnswerQueries()
    {
        Wat2Wasm(WatModules.Echo(), Path.Combine(SchedulerDir, "scheduler.wasm"));
        Wat2Wasm(WatModules.Query(), Path.Combine(SchedulerDir, "query.wasm"));
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));

        var schedule = await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            using var response = await daemon.Http.GetAsync("/v1/schedule");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }, Timeout, "a schedule from scheduler.wasm\n" + daemon.Output);
        Assert.Equal("alpha", schedule["data"]!["input"]!["current_host"]!.GetValue<string>());
        Assert.Equal(2, schedule["data"]!["input"]!["runtime"]!["web"]!["v1"]!["instances"]!.GetValue<int>());
        var debug = await daemon.Http.GetStringAsync("/v1/scheduler_debug_info");
        Assert.Contains("echo", debug, StringComparison.Ordinal);

        using var ok = await Post(daemon, """{"question": 42}""", "application/json");
        var okBody = JsonNode.Parse(await ok.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(42, okBody["body"]!["question"]!.GetValue<int>());
        Assert.Equal("alpha", okBody["init"]!["hostname"]!.GetValue<string>());
        Assert.Equal(schedule["hash"]!.GetValue<string>(), okBody["init"]!["schedule"]!["hash"]!.GetValue<string>());

        using var err = await Post(daemon, "{}", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, err.StatusCode);
        Assert.Equal("Internal", JsonNode.Parse(await err.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());

        using var text = await Post(daemon, """{"question": 42}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Daemon_TrappingWasmScheduler_ReportsTheErrorAndRecoversWhenFixed()
    {
        Wat2Wasm(WatModules.Trap(), Path.Combine(SchedulerDir, "scheduler.wasm"));
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));

        var status = await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            using var response = await daemon.Http.GetAsync("/v1/status");
            var body = response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            return body?["errors"]?["scheduler"] is not null ? body : null;
        }, Timeout, "a scheduler error in status\n" + daemon.Output);
        Assert.Contains("scheduler/v1/scheduler.wasm: scheduler:", status["errors"]!["scheduler"]!.GetValue<string>(), StringComparison.Ordinal);
        using (var none = await daemon.Http.GetAsync("/v1/schedule"))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        }

        using (var noQuery = await Post(daemon, "{}", "application/json"))
        {
            Assert.Equal(HttpStatusCode.NotFound, noQuery.StatusCode);
        }

        Wat2Wasm(WatModules.Constant("""{"schedule":{"fixed":true},"log":"fixed"}"""), Path.Combine(SchedulerDir, "scheduler.wasm"));
        await Eventually.WaitAsync(async () =>
        {
            using var response = await daemon.Http.GetAsync("/v1/schedule");
            return response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["data"]?["fixed"] is not null;
        }, Timeout, "a schedule from the fixed module\n" + daemon.Output);
    }

    private static Task<HttpResponseMessage> Post(DaemonProcess daemon, string body, string contentType) =>
        daemon.Http.PostAsync("/v1/query", new StringContent(body, Encoding.UTF8, contentType));

    /// <summary>Builds the binary with the real <c>wat2wasm</c> (Debian <c>wabt</c>), written next to the target and renamed in.</summary>
    internal static void Wat2Wasm(string wat, string target)
    {
        var source = target + ".wat";
        var temp = target + ".tmp";
        File.WriteAllText(source, wat);
        using var process = Process.Start(new ProcessStartInfo("wat2wasm", [source, "-o", temp]) { RedirectStandardError = true })!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "wat2wasm failed: " + stderr);
        File.Delete(source);
        File.Move(temp, target, overwrite: true);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
