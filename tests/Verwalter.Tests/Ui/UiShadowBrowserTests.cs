using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary>
/// The schedule page in a real chromium on a JavaScript scheduler tree with shadow schedulers:
/// the scheduler's console log, and each shadow with its differences from the main schedule.
/// </summary>
[Trait("Category", "Browser")]
public sealed class UiShadowBrowserTests : IAsyncLifetime
{
    private const string MainJs = """
        export function scheduler(input) {
          console.log(`js main scheduling for ${input.current_host}`);
          return { tag: "main", host: input.current_host };
        }
        """;

    private const string NextLua = """
        return { scheduler = function(input) return { tag = "next", host = input.current_host, extra = 1 } end }
        """;

    private const string BrokenLua = """
        return { scheduler = function(input) error("shadow out of capacity") end }
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-shadow-");
    private UiBrowser _browser = null!;

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    public async Task InitializeAsync()
    {
        UiTree.Write(Path.Combine(ConfigDir, "scheduler", "v1", "main.js"), MainJs);
        UiTree.Write(Path.Combine(ConfigDir, "scheduler", "shadow", "next", "main.lua"), NextLua);
        UiTree.Write(Path.Combine(ConfigDir, "scheduler", "shadow", "broken", "main.lua"), BrokenLua);
        UiTree.Write(Path.Combine(ConfigDir, "runtime", "web", "v1.yaml"), "image: web-v1\n");
        _browser = await UiBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Ui_JsTreeWithShadows_SchedulePageShowsTheLogAndEachShadowsDiff()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));
        await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var shadows = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow"))?["shadows"];
            return shadows?["next"] is not null && shadows["broken"] is not null;
        }, Timeout, "both shadows listed in /v1/shadow");

        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"http://127.0.0.1:{daemon.Port}/schedule");
        await Assertions.Expect(page.GetByTestId("debug")).ToContainTextAsync("js main scheduling for alpha");

        var shadows = page.GetByTestId("shadows");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Shadow schedulers (2)" })).ToBeVisibleAsync();
        var next = shadows.GetByTestId("shadow-next");
        await Assertions.Expect(next).ToContainTextAsync("lua");
        await Assertions.Expect(next).ToContainTextAsync("differences");
        var diff = next.GetByTestId("shadow-diff-next");
        await Assertions.Expect(diff).ToContainTextAsync("tag");
        await Assertions.Expect(diff).ToContainTextAsync("extra");
        var broken = shadows.GetByTestId("shadow-broken");
        await Assertions.Expect(broken).ToContainTextAsync("failed");
        await Assertions.Expect(broken).ToContainTextAsync("shadow out of capacity");
        await UiBrowser.ScreenshotAsync(page, "schedule-shadows");

        // What the page lists is what the API says.
        var listed = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow/next/schedule"))!["diff"]!.AsArray();
        Assert.NotEmpty(listed);
        foreach (var line in listed)
        {
            await Assertions.Expect(diff).ToContainTextAsync(line!.GetValue<string>());
        }

        Assert.Empty(_browser.Errors);
    }
}
