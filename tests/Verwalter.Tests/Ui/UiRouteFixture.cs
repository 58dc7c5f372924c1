using Microsoft.AspNetCore.Builder;
using Verwalter.Api.Hosting;
using Verwalter.Model;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary>
/// One daemon (in this process, real Kestrel on a free loopback port) on a copy of the minimal
/// example with frontends added: <c>frontend/app</c> (index, assets, a symlink out of it), a
/// secret file beside the frontends, and a wasm scheduler file.
/// </summary>
public sealed class UiRouteFixture : IAsyncLifetime
{
    public const string AppIndex = "<!doctype html><title>app</title><p>the app frontend</p>";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-ui-routes-");
    private WebApplication? _app;

    public string ConfigDir => Path.Combine(_root.FullName, "config");

    public int Port { get; } = DaemonProcess.FreePort();

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        UiTree.Copy(Path.Combine(RepositoryPaths.Examples, "minimal"), ConfigDir);
        var app = Path.Combine(ConfigDir, "frontend", "app");
        UiTree.Write(Path.Combine(app, "index.html"), AppIndex);
        UiTree.Write(Path.Combine(app, "js", "main.js"), "console.log('app');\n");
        UiTree.Write(Path.Combine(app, "css", "main.css"), "body { color: red; }\n");
        UiTree.Write(Path.Combine(app, "img", "logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
        UiTree.Write(Path.Combine(app, "fonts", "a.woff2"), "font");
        UiTree.Write(Path.Combine(app, "js", ".hidden.js"), "hidden");
        UiTree.Write(Path.Combine(_root.FullName, "secret.txt"), "SECRET-OUTSIDE");
        File.CreateSymbolicLink(Path.Combine(app, "js", "escape.js"), Path.Combine(_root.FullName, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(app, "img", "up"), _root.FullName);
        File.WriteAllBytes(Path.Combine(ConfigDir, "scheduler", "v1", "scheduler.wasm"), [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

        var settings = new DaemonSettings(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"), "127.0.0.1", Port, null, null);
        _app = DaemonHost.Build(settings, new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"));
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _root.Delete(recursive: true);
    }
}
