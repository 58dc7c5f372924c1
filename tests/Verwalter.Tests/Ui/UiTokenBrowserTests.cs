using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Verwalter.Tests.Testing;
using static Verwalter.Tests.Ui.UiDaemon;

namespace Verwalter.Tests.Ui;

/// <summary>
/// The web UI in a real chromium against a real daemon started with <c>--api-token-file</c>
/// (and <c>--api-token-protects-reads</c>): the prompt appears on the daemon's own 401s, a wrong
/// token is refused, the right one is kept for the session, and the live stream carries it.
/// </summary>
[Trait("Category", "Browser")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class UiTokenBrowserTests : IAsyncLifetime
{
    private const string Token = "ui-token-7f3a9c";
    private const string TokenKey = "verwalter.api-token";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-token-");
    private UiBrowser _browser = null!;
    private string _tokenFile = "";

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    public async Task InitializeAsync()
    {
        UiTree.CopyRealistic(_root.FullName, ConfigDir);
        _tokenFile = Path.Combine(_root.FullName, "token");
        await File.WriteAllTextAsync(_tokenFile, Token + "\n");
        File.SetUnixFileMode(_tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _browser = await UiBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _root.Delete(recursive: true);
    }

    [Fact]
    public async Task Ui_TokenFile_ReadsOpen_ActionAsksForTheToken_WrongRefused_RightKeptForTheSession()
    {
        await using var daemon = Start("--api-token-file", _tokenFile);
        await WaitForRolesAsync(daemon);
        var page = await _browser.NewPageAsync();
        var posts = new List<(string Url, string? Type, string? Auth)>();
        page.Request += (_, r) =>
        {
            if (r.Method == "POST")
            {
                lock (posts)
                {
                    posts.Add((r.Url, r.Headers.GetValueOrDefault("content-type"), r.Headers.GetValueOrDefault("authorization")));
                }
            }
        };

        // Reads are open: the UI loads and follows the node without a token.
        await page.GotoAsync(Url(daemon, "/"));
        await Expect(page.GetByTestId("hostname")).ToHaveTextAsync("alpha");
        await Expect(page.GetByTestId("connection")).ToBeHiddenAsync();
        var prompt = page.GetByTestId("token-prompt");
        await Expect(prompt).ToBeHiddenAsync();

        // The action meets the daemon's 401 (WWW-Authenticate: Bearer) and the prompt.
        await page.GotoAsync(Url(daemon, "/actions"));
        var unauthorized = page.WaitForResponseAsync(r => r.Url.EndsWith("/v1/wait_action", StringComparison.Ordinal) && r.Status == 401);
        await page.GetByLabel("Action (JSON").FillAsync("{\"button\": {\"action\": \"scale\", \"role\": \"web\", \"instances\": 2}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var refusal = await unauthorized;
        Assert.StartsWith("Bearer", await refusal.HeaderValueAsync("www-authenticate") ?? "", StringComparison.Ordinal);
        await Expect(prompt).ToBeVisibleAsync();
        await Expect(page.GetByTestId("token-refused")).ToBeHiddenAsync();

        // A wrong token is refused, and the prompt says so.
        var input = page.GetByRole(AriaRole.Textbox, new() { Name = "Token" });
        await input.FillAsync("not-the-token");
        await input.PressAsync("Enter");
        await Expect(page.GetByTestId("token-refused")).ToBeVisibleAsync();
        await Expect(prompt).ToBeVisibleAsync();
        await UiBrowser.ScreenshotAsync(page, "token-refused");

        // The right one: the waiting action goes through.
        await input.FillAsync(Token);
        await input.PressAsync("Enter");
        await Expect(prompt).ToBeHiddenAsync();
        await Expect(page.GetByTestId("action-result")).ToContainTextAsync(HttpOk(), new() { Timeout = 30000 });
        Assert.Contains("\"instances\":2", await ScheduleDataAsync(daemon), StringComparison.Ordinal);
        Assert.Equal(Token, await page.EvaluateAsync<string>($"() => sessionStorage.getItem('{TokenKey}')"));

        // A reload keeps the token for the session: the next action asks nothing.
        await page.ReloadAsync();
        await page.GetByLabel("Action (JSON").FillAsync("{\"button\": {\"action\": \"scale\", \"role\": \"web\", \"instances\": 3}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByTestId("action-result")).ToContainTextAsync(HttpOk(), new() { Timeout = 30000 });
        await Expect(prompt).ToBeHiddenAsync();
        Assert.Contains("\"instances\":3", await ScheduleDataAsync(daemon), StringComparison.Ordinal);

        lock (posts)
        {
            Assert.Equal(4, posts.Count); // no token, wrong token, right token, after the reload
            Assert.All(posts, p => Assert.Equal("application/json", p.Type));
            Assert.Equal([null, "Bearer not-the-token", $"Bearer {Token}", $"Bearer {Token}"], posts.Select(p => p.Auth));
        }

        AssertOnlyRefusals();
    }

    [Fact]
    public async Task Ui_ProtectsReads_FirstLoadAsksForTheToken_LiveStreamAndGraphiQLWorkAfter()
    {
        await using var daemon = Start("--api-token-file", _tokenFile, "--api-token-protects-reads");
        daemon.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        await WaitForRolesAsync(daemon);
        var page = await _browser.NewPageAsync();
        var streams = new List<string?>();
        page.Request += (_, r) =>
        {
            if (r.Url.EndsWith("/v1/events/status", StringComparison.Ordinal))
            {
                lock (streams)
                {
                    streams.Add(r.Headers.GetValueOrDefault("authorization"));
                }
            }
        };

        // The page shell loads without the token; its first /v1 read asks for it.
        var shell = await page.GotoAsync(Url(daemon, "/schedule"));
        Assert.Equal(200, shell!.Status);
        var prompt = page.GetByTestId("token-prompt");
        await Expect(prompt).ToBeVisibleAsync();
        await UiBrowser.ScreenshotAsync(page, "token-prompt");
        var input = page.GetByRole(AriaRole.Textbox, new() { Name = "Token" });
        await input.FillAsync(Token);
        await input.PressAsync("Enter");
        await Expect(prompt).ToBeHiddenAsync();
        await Expect(page.GetByTestId("header-hostname")).ToHaveTextAsync("alpha");
        await Expect(page.GetByTestId("connection")).ToBeHiddenAsync();

        // The live stream (fetch with Authorization) follows a new schedule without a reload.
        var before = await ScheduleIdAsync(daemon) ?? throw new InvalidOperationException("no schedule id in /v1/status");
        await Expect(page.GetByTestId("schedule-hash").Locator("code")).ToHaveAttributeAsync("title", before);
        var version = Path.Combine(ConfigDir, "runtime", "web", "v1.10.0.yaml");
        File.WriteAllText(version, File.ReadAllText(version).Replace("\"memory_mb\": 320", "\"memory_mb\": 512", StringComparison.Ordinal));
        var after = await Eventually.WaitAsync(async () => await ScheduleIdAsync(daemon) is var id && id != before ? id : null, Timeout, "a new schedule after the runtime edit");
        await Expect(page.GetByTestId("schedule-hash").Locator("code")).ToHaveAttributeAsync("title", after, new() { Timeout = 5000 });
        lock (streams)
        {
            Assert.Contains($"Bearer {Token}", streams);
        }

        // The GraphQL page loads too and takes the session's token for its queries.
        await page.GotoAsync(Url(daemon, "/v1/graphiql"));
        Assert.Equal(Token, await page.Locator("#token").InputValueAsync());
        await page.Locator("#run").ClickAsync();
        await Expect(page.Locator("#result")).ToContainTextAsync("\"hostname\": \"alpha\"");

        AssertOnlyRefusals();
    }

    private void AssertOnlyRefusals() =>
        Assert.All(_browser.Errors, e => Assert.Matches(Refused(), e));

    private DaemonProcess Start(params string[] extra) =>
        DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"), extra);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task<string> ScheduleDataAsync(DaemonProcess daemon) =>
        JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/schedule"))!["data"]!.ToJsonString();

    [GeneratedRegex("HTTP 20[04]")]
    private static partial Regex HttpOk();

    /// <summary>Chromium logs every 401 answer as a console error; nothing else may appear.</summary>
    [GeneratedRegex(@"^console error on \S+: Failed to load resource: the server responded with a status of 401 \(Unauthorized\)$")]
    private static partial Regex Refused();
}
