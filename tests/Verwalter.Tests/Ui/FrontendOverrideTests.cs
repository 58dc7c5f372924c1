using Microsoft.AspNetCore.Builder;
using System.Net;
using Verwalter.Api.Hosting;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary><c>&lt;config&gt;/frontend/common</c> replaces the embedded UI; <c>--default-frontend NAME</c> moves <c>/</c>.</summary>
public sealed class FrontendOverrideTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-override-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task CommonFolder_InTheConfigTree_ReplacesTheEmbeddedUi()
    {
        var config = Config();
        UiTree.Write(Path.Combine(config, "frontend", "common", "index.html"), "<p>own common</p>");
        UiTree.Write(Path.Combine(config, "frontend", "common", "js", "own.js"), "own()");
        await using var daemon = await StartAsync(config, frontend: null);

        Assert.Equal("<p>own common</p>", await daemon.Http.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("<p>own common</p>", await daemon.Http.GetStringAsync(new Uri("/peers", UriKind.Relative)));
        Assert.Equal("own()", await daemon.Http.GetStringAsync(new Uri("/common/js/own.js", UriKind.Relative)));
        using var embedded = await daemon.Http.GetAsync(new Uri("/common/css/app-ABCDEFGH.css", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, embedded.StatusCode);
    }

    [Fact]
    public async Task DefaultFrontend_Named_ServesItsIndexAtRootAndStatusNamesIt()
    {
        var config = Config();
        UiTree.Write(Path.Combine(config, "frontend", "ops", "index.html"), "<p>ops</p>");
        await using var daemon = await StartAsync(config, "ops");

        Assert.Equal("<p>ops</p>", await daemon.Http.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("<p>ops</p>", await daemon.Http.GetStringAsync(new Uri("/some/page", UriKind.Relative)));
        var common = await daemon.Http.GetStringAsync(new Uri("/common/", UriKind.Relative));
        Assert.Contains("/common/js/app-", common, StringComparison.Ordinal);
        Assert.Contains("\"default_frontend\":\"ops\"", await daemon.Http.GetStringAsync(new Uri("/v1/status", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultFrontend_Missing_Is404NotAnotherFrontend()
    {
        await using var daemon = await StartAsync(Config(), "absent");
        using var response = await daemon.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private string Config()
    {
        var config = Path.Combine(_root.FullName, Guid.NewGuid().ToString("n"));
        UiTree.Copy(Path.Combine(RepositoryPaths.Examples, "minimal"), config);
        return config;
    }

    private static async Task<RunningDaemon> StartAsync(string config, string? frontend)
    {
        var port = DaemonProcess.FreePort();
        var settings = new DaemonSettings(config, config + "-storage", config + "-log", "127.0.0.1", port, null, null);
        if (frontend is not null)
        {
            settings = settings with { DefaultFrontend = frontend };
        }

        var app = DaemonHost.Build(settings, new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"));
        await app.StartAsync();
        return new RunningDaemon(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    private sealed record RunningDaemon(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
