using Microsoft.Playwright;

namespace Verwalter.Tests.Ui;

/// <summary>
/// Debian's chromium (never a downloaded browser) driven by Playwright, collecting every page
/// error and console error of the pages it opens.
/// </summary>
public sealed class UiBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly List<string> _errors = [];

    private UiBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Page errors and console errors so far, each with the page's URL.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Where screenshots go: <c>$VERWALTER_TEST_RESULTS/ui</c>, else <c>TestResults/ui</c> beside the test assembly.</summary>
    public static string ScreenshotDir
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("VERWALTER_TEST_RESULTS") is { Length: > 0 } set ? set : Path.Combine(AppContext.BaseDirectory, "TestResults");
            var dir = Path.Combine(root, "ui");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static async Task<UiBrowser> LaunchAsync()
    {
        // The machine is shared and often loaded: assertions wait up to 15 s for their condition.
        Assertions.SetDefaultExpectTimeout(15_000);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return new UiBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A page in a new context (own sessionStorage) whose errors are collected.</summary>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => Add($"page error on {page.Url}: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console error on {page.Url}: {message.Text}");
            }
        };
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    private void Add(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }
}
