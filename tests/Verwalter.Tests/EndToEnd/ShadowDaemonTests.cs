using System.Net;
using System.Text.Json.Nodes;
using Verwalter.Tests.Scheduling.Wasm;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>Shadow schedulers of several engines beside a Lua main scheduler, in the real daemon.</summary>
public sealed class ShadowDaemonTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Main = """
        return { scheduler = function(input) return { tag = "main", host = input.current_host } end }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-shadow-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    [Fact]
    public async Task Daemon_Shadows_RunBesideTheMainSchedulerAndReportEachOnItsOwn()
    {
        Write("scheduler/v1/main.lua", Main);
        Write("scheduler/shadow/next/main.lua", Main.Replace("\"main\"", "\"next\"", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(ConfigDir, "scheduler", "shadow", "broken"));
        WasmDaemonTests.Wat2Wasm(WatModules.Trap(), Path.Combine(ConfigDir, "scheduler", "shadow", "broken", "scheduler.wasm"));
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));

        var list = await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var body = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow"));
            return body?["shadows"]?["next"] is not null && body["shadows"]!["broken"] is not null ? body : null;
        }, Timeout, "both shadows listed\n" + daemon.Output);

        var main = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/schedule"))!;
        Assert.Equal("main", main["data"]!["tag"]!.GetValue<string>());
        Assert.True(list["shadows"]!["next"]!["ok"]!.GetValue<bool>());
        Assert.Equal("lua", list["shadows"]!["next"]!["engine"]!.GetValue<string>());
        Assert.False(list["shadows"]!["broken"]!["ok"]!.GetValue<bool>());
        Assert.Equal("wasm", list["shadows"]!["broken"]!["engine"]!.GetValue<string>());
        Assert.Contains("scheduler/shadow/broken/scheduler.wasm", list["shadows"]!["broken"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);

        var next = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow/next/schedule"))!;
        Assert.Equal("next", next["data"]!["tag"]!.GetValue<string>());
        Assert.Equal("alpha", next["data"]!["host"]!.GetValue<string>());
        Assert.NotEqual(main["hash"]!.GetValue<string>(), next["hash"]!.GetValue<string>());
        Assert.Contains(next["diff"]!.AsArray(), d => d!.GetValue<string>().Contains("tag", StringComparison.Ordinal));

        using var broken = await daemon.Http.GetAsync("/v1/shadow/broken/schedule");
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        using var unknown = await daemon.Http.GetAsync("/v1/shadow/nope/schedule");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(ConfigDir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => _root.Delete(recursive: true);
}
