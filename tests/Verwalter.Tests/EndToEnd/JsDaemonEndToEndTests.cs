using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>A JavaScript scheduler tree on the real <c>verwalter daemon</c>.</summary>
public sealed class JsDaemonEndToEndTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string Scheduler = """
        import { roles } from './lib/roles.js';
        export function scheduler(input) {
          console.log(`scheduling for ${input.current_host}`);
          return { host: input.current_host, roles: roles(input.runtime), tag: "v1" };
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-js-e2e-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    public JsDaemonEndToEndTests()
    {
        Directory.CreateDirectory(Path.Combine(ConfigDir, "scheduler", "v1", "lib"));
        Directory.CreateDirectory(Path.Combine(ConfigDir, "runtime", "web"));
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.js"), Scheduler);
        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "lib", "roles.js"), "export const roles = (rt) => Object.keys(rt).sort();\n");
        File.WriteAllText(Path.Combine(ConfigDir, "runtime", "web", "v1.yaml"), "image: web-v1\n");
    }

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task JsTree_IsScheduled_AndAThrowingOneKeepsTheLastGood()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));
        var first = await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, daemon.Output);
            var schedule = await Get(daemon, "/v1/schedule");
            return schedule?["data"]?["tag"]?.GetValue<string>() == "v1" ? schedule : null;
        }, Timeout, "the first schedule from main.js\n" + daemon.Output);
        Assert.Equal("alpha", first["data"]!["host"]!.GetValue<string>());
        Assert.Equal("web", first["data"]!["roles"]![0]!.GetValue<string>());
        var debug = await daemon.Http.GetStringAsync("/v1/scheduler_debug_info");
        Assert.Contains("scheduling for alpha", debug, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(ConfigDir, "scheduler", "v1", "main.js"),
            "export function scheduler(input) {\n  if (input.now > 0) {\n    throw new Error('no capacity');\n  }\n}\n");
        var status = await Eventually.WaitAsync(async () =>
        {
            var s = await Get(daemon, "/v1/status");
            return s?["errors"]?["scheduler"] is not null ? s : null;
        }, Timeout, "a scheduler error in /v1/status\n" + daemon.Output);
        var error = status["errors"]!["scheduler"]!.GetValue<string>();
        Assert.Contains("no capacity", error, StringComparison.Ordinal);
        Assert.Contains("main.js:3:", error, StringComparison.Ordinal);
        Assert.Equal(first["hash"]!.GetValue<string>(), status["schedule_id"]!.GetValue<string>());
        Assert.Equal(first["hash"]!.GetValue<string>(), (await Get(daemon, "/v1/schedule"))!["hash"]!.GetValue<string>());
    }

    private static async Task<JsonNode?> Get(DaemonProcess daemon, string path)
    {
        using var response = await daemon.Http.GetAsync(path);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }
}
