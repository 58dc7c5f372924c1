using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Verwalter.Tests.Testing;
using static Verwalter.Tests.Ui.UiDaemon;

namespace Verwalter.Tests.Ui;

/// <summary>
/// The web UI in a real headless chromium against a real daemon process on a copy of the
/// realistic example (rendered into a temp folder, as RenderEndToEndTests does).
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class UiBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-browser-");
    private UiBrowser _browser = null!;

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string StorageDir => Path.Combine(_root.FullName, "storage");

    private string LogDir => Path.Combine(_root.FullName, "log");

    public async Task InitializeAsync()
    {
        UiTree.CopyRealistic(_root.FullName, ConfigDir);
        _browser = await UiBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Ui_RealisticExample_ShowsTheNodeFollowsChangesRunsAnAction()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        await WaitForRolesAsync(daemon);
        var page = await _browser.NewPageAsync();

        await page.GotoAsync(Url(daemon, "/"));
        await Expect(page.GetByTestId("hostname")).ToHaveTextAsync("alpha");
        await Expect(page.GetByTestId("election")).ToHaveTextAsync("leader (stable)");
        await UiBrowser.ScreenshotAsync(page, "overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "Roles", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Url(daemon, "/roles"));
        var roles = page.GetByTestId("roles");
        foreach (var role in new[] { "web", "worker", "cache" })
        {
            await Expect(roles.GetByRole(AriaRole.Link, new() { Name = role, Exact = true })).ToBeVisibleAsync();
        }

        await UiBrowser.ScreenshotAsync(page, "roles");

        // The page follows a new schedule without a reload: a marker set on this document survives.
        await page.GotoAsync(Url(daemon, "/"));
        await page.EvaluateAsync("() => { window.verwalterMarker = 1; }");
        var before = await ScheduleIdAsync(daemon) ?? throw new InvalidOperationException("no schedule id in /v1/status");
        await Expect(page.GetByTestId("schedule-id").Locator("code")).ToHaveAttributeAsync("title", before);
        var version = Path.Combine(ConfigDir, "runtime", "web", "v1.10.0.yaml");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"memory_mb\": 320", "\"memory_mb\": 448", StringComparison.Ordinal));
        var after = await Eventually.WaitAsync(async () => await ScheduleIdAsync(daemon) is { } id && id != before ? id : null, Timeout, "a new schedule after the runtime edit");
        await Expect(page.GetByTestId("schedule-id").Locator("code")).ToHaveAttributeAsync("title", after, new() { Timeout = 5000 });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.verwalterMarker"));

        // A role failing shows up on the open page, and clears when it is fixed.
        var workerRender = Path.Combine(ConfigDir, "templates", "worker", "v1", "worker.render.yaml");
        var good = File.ReadAllText(workerRender);
        File.WriteAllText(workerRender, good.Replace("commands:\n", "commands:\n- !Cmd [sh, -c, 'echo broken >&2; exit 7']\n", StringComparison.Ordinal));
        await Expect(page.GetByTestId("failed-roles")).ToContainTextAsync("worker", new() { Timeout = 30000 });
        await UiBrowser.ScreenshotAsync(page, "overview-failed-role");
        File.WriteAllText(workerRender, good);
        await Expect(page.GetByTestId("failed-roles")).ToBeHiddenAsync(new() { Timeout = 30000 });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.verwalterMarker"));

        // A deep link works on reload, and the role page links to its log.
        await page.GotoAsync(Url(daemon, "/roles/web"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Role web" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "log", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(Url(daemon, "/logs/web"));
        await Expect(page.GetByTestId("role-log")).ToContainTextAsync("Template variables:");

        await page.GotoAsync(Url(daemon, "/schedule"));
        await Expect(page.GetByTestId("schedule-hash").Locator("code")).ToHaveAttributeAsync("title", after);
        await Expect(page.GetByTestId("debug")).Not.ToBeEmptyAsync();
        await UiBrowser.ScreenshotAsync(page, "schedule");

        await page.GotoAsync(Url(daemon, "/logs"));
        await Expect(page.GetByTestId("log-index")).ToContainTextAsync("DeploymentFinish");

        // An action through the JSON editor, waiting for the run that includes it.
        await page.GotoAsync(Url(daemon, "/actions"));
        var editor = page.GetByLabel("Action (JSON");
        await editor.FillAsync("{\"button\": {\"action\": \"scale\", \"role\": \"web\"");
        await Expect(page.GetByTestId("json-error")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeDisabledAsync();
        await editor.FillAsync("{\"button\": {\"action\": \"scale\", \"role\": \"web\", \"instances\": 2}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToContainTextAsync(HttpOk(), new() { Timeout = 30000 });
        await UiBrowser.ScreenshotAsync(page, "actions");
        var schedule = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/schedule"))!;
        Assert.Contains("\"instances\":2", schedule["data"]!.ToJsonString(), StringComparison.Ordinal);

        // Keyboard: digit keys switch pages.
        await page.Locator("body").ClickAsync(new() { Position = new Position { X = 5, Y = 300 } });
        await page.Keyboard.PressAsync("2");
        await Expect(page).ToHaveURLAsync(Url(daemon, "/peers"));
        await Expect(page.GetByTestId("peers")).ToBeVisibleAsync();

        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task Ui_NarrowWindowAndDarkScheme_FitAndSwitchColours()
    {
        await using var daemon = DaemonProcess.Start(ConfigDir, StorageDir, LogDir);
        await WaitForRolesAsync(daemon);
        var narrow = await _browser.NewPageAsync(new() { ViewportSize = new ViewportSize { Width = 360, Height = 740 }, ColorScheme = ColorScheme.Dark });
        await narrow.GotoAsync(Url(daemon, "/roles"));
        await Expect(narrow.GetByTestId("roles")).ToBeVisibleAsync();
        Assert.True(await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the page scrolls sideways at 360 px");
        var dark = await narrow.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await UiBrowser.ScreenshotAsync(narrow, "roles-narrow-dark");

        var light = await _browser.NewPageAsync(new() { ColorScheme = ColorScheme.Light });
        await light.GotoAsync(Url(daemon, "/"));
        await Expect(light.GetByTestId("hostname")).ToHaveTextAsync("alpha");
        Assert.NotEqual(dark, await light.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        var title = await light.GetByTestId("schedule-made").Locator("time").GetAttributeAsync("title");
        Assert.Matches(UtcTime(), title ?? "");
        Assert.Empty(_browser.Errors);
    }

    [Fact]
    public async Task Ui_DaemonRestarts_SaysDisconnectedThenReconnects()
    {
        var port = DaemonProcess.FreePort();
        var daemon = DaemonProcess.StartOnPort(port, ConfigDir, StorageDir, LogDir);
        var page = await _browser.NewPageAsync();
        try
        {
            await WaitForRolesAsync(daemon);
            await page.GotoAsync(Url(daemon, "/"));
            await Expect(page.GetByTestId("hostname")).ToHaveTextAsync("alpha");
            await Expect(page.GetByTestId("connection")).ToBeHiddenAsync();

            await daemon.DisposeAsync();
            await Expect(page.GetByTestId("connection")).ToContainTextAsync("Disconnected", new() { Timeout = 10000 });
            await UiBrowser.ScreenshotAsync(page, "disconnected");

            daemon = DaemonProcess.StartOnPort(port, ConfigDir, StorageDir, LogDir);
            await Expect(page.GetByTestId("connection")).ToBeHiddenAsync(new() { Timeout = 30000 });
            await Expect(page.GetByTestId("hostname")).ToHaveTextAsync("alpha");
        }
        finally
        {
            await daemon.DisposeAsync();
        }

        // While the daemon was down, the browser logged its failed connection attempts; nothing else.
        Assert.All(_browser.Errors, e => Assert.Matches(FailedLoad(), e));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    [GeneratedRegex("HTTP 20[04]")]
    private static partial Regex HttpOk();

    [GeneratedRegex(@"^console error on \S+: Failed to load resource: net::ERR_[A-Z_]+$")]
    private static partial Regex FailedLoad();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$")]
    private static partial Regex UtcTime();
}
